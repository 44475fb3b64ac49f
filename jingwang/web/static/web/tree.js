/* The territory tree: an expand button shows − once its children have been swapped in (htmx), and a
   second click closes the branch without asking the server again. Listeners sit on the document, so
   buttons htmx adds later work too. */
function treeButton(element) {
  return element && element.closest && element.closest(".tree button.expand");
}

document.addEventListener("htmx:beforeRequest", function (event) {
  var button = treeButton(event.detail.elt);
  if (!button || button.getAttribute("aria-expanded") !== "true") { return; }
  event.preventDefault();
  var branch = button.parentElement.querySelector(":scope > .sub");
  if (branch) { branch.replaceChildren(); }
  button.setAttribute("aria-expanded", "false");
  button.textContent = "+";
});

document.addEventListener("htmx:afterSwap", function (event) {
  var button = treeButton(event.detail.requestConfig && event.detail.requestConfig.elt);
  if (!button) { return; }
  button.setAttribute("aria-expanded", "true");
  button.textContent = "\u2212";
});
