// Choosing a language applies it at once; without script, the switcher's button does the same.
for (const form of document.querySelectorAll("form.language-switcher")) {
  const select = form.querySelector("select");
  const button = form.querySelector("button");
  if (button) button.hidden = true;
  select?.addEventListener("change", () => form.requestSubmit());
}
