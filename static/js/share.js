// "Link kopieren": copies the article's address where the Clipboard API is available.
// Without JavaScript (or without that API) the link simply stays a link to the article.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-copy-link]");
  if (!link || !navigator.clipboard) {
    return;
  }
  event.preventDefault();
  const status = link.parentElement.querySelector(".share-status");
  try {
    await navigator.clipboard.writeText(link.href);
    status.textContent = "Link kopiert.";
  } catch {
    status.textContent = "Kopieren ging nicht – halten Sie den Link gedrückt, um ihn zu kopieren.";
  }
});
