// Show or hide the source of every statement.
document.getElementById("show-sources")?.addEventListener("change", (event) => {
  document.body.classList.toggle("with-sources", event.target.checked);
});
