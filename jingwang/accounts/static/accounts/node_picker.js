/* Territory node picker: typing filters the listed nodes (checkboxes or a select's options). */
(function () {
  document.querySelectorAll("[data-node-picker]").forEach(function (picker) {
    var input = picker.querySelector("[data-node-filter]");
    var none = picker.querySelector("[data-node-none]");
    if (!input) { return; }
    var items = Array.prototype.slice.call(picker.querySelectorAll("[data-node-item], select option[value]"))
      .filter(function (el) { return el.tagName !== "OPTION" || el.value !== ""; });
    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (el) {
        var text = (el.textContent + " " + (el.value || "")).toLowerCase();
        var checked = el.querySelector && el.querySelector("input:checked");
        var match = !!checked || words.every(function (w) { return text.indexOf(w) !== -1; });
        el.hidden = !match;
        if (match) { shown += 1; }
      });
      if (none) { none.hidden = shown > 0; }
    });
  });
})();
