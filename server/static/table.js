// Sort a table by a column (click its heading) and filter its rows by text.
for (const table of document.querySelectorAll("table.sortable")) {
  table.querySelectorAll("thead th").forEach((th, column) => {
    th.addEventListener("click", () => {
      const body = table.tBodies[0];
      const ascending = th.dataset.order !== "asc";
      th.dataset.order = ascending ? "asc" : "desc";
      const key = (row) => row.cells[column].textContent.trim();
      const rows = [...body.rows].sort((a, b) => key(a).localeCompare(key(b), undefined, {numeric: true}));
      if (!ascending) rows.reverse();
      rows.forEach((row) => body.appendChild(row));
    });
  });
}
document.getElementById("filter")?.addEventListener("input", (event) => {
  const needle = event.target.value.toLowerCase();
  for (const row of document.querySelectorAll("table.sortable tbody tr")) {
    row.hidden = needle && !row.textContent.toLowerCase().includes(needle);
  }
});
