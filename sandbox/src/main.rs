//! `sandbox [--host H] [--port N] [--data FILE | --memory] [--dist DIR] [--token-ttl SECONDS]`

use std::path::PathBuf;
use std::process::ExitCode;

use sandbox::{DataLocation, Options};

const USAGE: &str =
    "usage: sandbox [--host 127.0.0.1] [--port 8080] [--data sandbox.db | --memory] \
[--dist dist] [--dist-prefix /support] [--token-ttl 43199] [--catalog names.json] [--config config.json] [--max-upload-bytes N] [--allow-origin ORIGIN]... [--faults]";

fn parse_args() -> Result<(String, u16, Options), String> {
    let mut host = String::from("127.0.0.1");
    let mut port = 8080;
    let mut options = Options::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--host" => host = value()?,
            "--port" => {
                port = value()?
                    .parse()
                    .map_err(|_| format!("--port: not a port number\n{USAGE}"))?
            }
            "--data" => options.data = DataLocation::File(PathBuf::from(value()?)),
            "--memory" => options.data = DataLocation::Memory,
            "--dist" => options.dist = Some(PathBuf::from(value()?)),
            "--dist-prefix" => options.dist_prefix = Some(value()?),
            "--token-ttl" => {
                options.token_ttl_secs = value()?
                    .parse()
                    .map_err(|_| format!("--token-ttl: not a number\n{USAGE}"))?
            }
            "--catalog" => {
                let path = value()?;
                let text = std::fs::read_to_string(&path)
                    .map_err(|error| format!("--catalog {path}: {error}"))?;
                options.catalog = sandbox::catalog_file::parse(&text)
                    .map_err(|error| format!("--catalog {path}: {error}"))?;
            }
            "--config" => options.form_config = Some(PathBuf::from(value()?)),
            "--max-upload-bytes" => {
                options.max_upload_bytes = value()?
                    .parse()
                    .map_err(|_| format!("--max-upload-bytes: not a number\n{USAGE}"))?
            }
            "--allow-origin" => options.allowed_origins.push(value()?),
            "--faults" => options.fault_control = true,
            "--help" | "-h" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    Ok((host, port, options))
}

#[tokio::main]
async fn main() -> ExitCode {
    let (host, port, options) = match parse_args() {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind((host.as_str(), port)).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("sandbox: cannot listen on {host}:{port}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("\nsandbox: stopping");
    };
    match sandbox::serve(listener, options, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sandbox: {error}");
            ExitCode::FAILURE
        }
    }
}
