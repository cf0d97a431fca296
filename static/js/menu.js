// The phone menu is a <details> and works without JavaScript. With it, Escape and a tap
// outside close the menu again, as readers expect of a menu.
"use strict";
document.addEventListener("keydown", (event) => {
  const menu = document.querySelector("details.menu[open]");
  if (event.key === "Escape" && menu) {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});
document.addEventListener("click", (event) => {
  const menu = document.querySelector("details.menu[open]");
  if (menu && !menu.contains(event.target)) {
    menu.open = false;
  }
});
