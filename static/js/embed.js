// Two-click video (blog/embeds.py): the page shows a link to the video and asks YouTube or
// Vimeo for nothing. With JavaScript, "Video laden" swaps in their player, and only then
// does the browser contact them.
"use strict";
document.querySelectorAll("figure.embed[data-player]").forEach((figure) => {
  const button = figure.querySelector("button");
  const link = figure.querySelector(".embed-title a");
  button.hidden = false;
  button.addEventListener("click", () => {
    const player = document.createElement("iframe");
    player.src = figure.dataset.player;
    player.title = link.textContent;
    player.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    player.allowFullscreen = true;
    player.referrerPolicy = "strict-origin-when-cross-origin";
    const caption = document.createElement("figcaption");
    caption.append(link);
    figure.replaceChildren(player, caption);
    player.focus();
  });
});
