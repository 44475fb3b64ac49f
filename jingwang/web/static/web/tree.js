/* The territory tree: an expand button shows − once its children are loaded (htmx), + when closed.
   One listener for the whole page, so buttons htmx adds later work too. */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest(".tree button.expand");
  if (button) { button.textContent = button.textContent === "+" ? "\u2212" : "+"; }
});
