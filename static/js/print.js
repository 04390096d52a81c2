/* 打印申报表: the print button opens the browser's print dialog (no inline script). */
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
