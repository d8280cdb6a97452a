// Collects Content-Security-Policy violations so a test (or a person in the
// console) can see that the page has none.
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
