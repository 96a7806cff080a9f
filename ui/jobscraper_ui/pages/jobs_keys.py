"""The Jobs page's keyboard shortcuts (issue 17, item 4) and the dialog that lists them.

One document-level ``keydown`` listener, installed once per browser tab when the page mounts
(``rx.call_script``; a flag on ``window`` keeps a second mount from adding a second listener). It
works on the page's own controls, so a shortcut does exactly what the click does:

- ``j``/``k`` move the focus (a visible ring) to the next/previous card and scroll it into view;
- ``f`` clicks the focused card's favourite star, ``h`` its Hide button (undoable), ``x`` its
  selection box, ``o`` opens its Apply link in a new tab;
- ``/`` focuses the search box (``#search-q``), ``?`` opens the list of shortcuts.

Keys typed into a box, a select or anything editable are left alone, as are keys with Ctrl, Alt or
Meta, and every key while a dialog is open, and on any other page.
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.pages.jobs_cards import CardsState

__all__ = ["KEYS", "shortcuts"]

KEYS: list[tuple[str, str]] = [
    ("j", "next job"),
    ("k", "previous job"),
    ("f", "favourite the job (again: remove)"),
    ("h", "hide the job (Undo brings it back)"),
    ("x", "select the job for a bulk action"),
    ("o", "open the job's posting in a new tab"),
    ("/", "search"),
    ("?", "this list"),
]

_SCRIPT = """
(() => {
  if (window.__jobscraperKeys) return;
  window.__jobscraperKeys = true;
  const cards = () => Array.from(document.querySelectorAll('.job-card'));
  const typing = (el) => !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
    || ['combobox', 'listbox', 'option', 'textbox'].includes(el.getAttribute('role')));
  const current = () => {
    const at = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest('.job-card') : null;
    return at || document.querySelector('.job-card.kb-focus');
  };
  const focus = (card) => {
    if (!card) return;
    cards().forEach((c) => c.classList.remove('kb-focus'));
    card.classList.add('kb-focus');
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: 'nearest' });
  };
  document.addEventListener('keydown', (e) => {
    if (!document.getElementById('job-shortcuts')) return;
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (document.querySelector('[role=dialog], [role=alertdialog]')) return;
    const list = cards();
    const at = current();
    const i = at ? list.indexOf(at) : -1;
    const click = (sel) => { const el = at && at.querySelector(sel); if (el) el.click(); };
    switch (e.key) {
      case 'j': focus(list[Math.min(i + 1, list.length - 1)]); break;
      case 'k': focus(list[Math.max(i - 1, 0)]); break;
      case 'f': click('.favorite-toggle'); break;
      case 'h': click('.hide-job'); break;
      case 'x': click('.select-job'); break;
      case 'o': {
        const a = at && at.querySelector('a.apply-link');
        if (a) window.open(a.href, '_blank', 'noopener');
        break;
      }
      case '/': { const box = document.getElementById('search-q'); if (box) box.focus(); break; }
      case '?': { const open = document.getElementById('shortcuts-open'); if (open) open.click(); break; }
      default: return;
    }
    e.preventDefault();
  });
})();
"""


def shortcuts() -> rx.Component:
    """The "Keyboard shortcuts" button and dialog; mounting it installs the key listener and tells
    :class:`CardsState` the page opened (what is new since the last visit)."""
    return rx.box(
        _dialog(),
        id="job-shortcuts",
        on_mount=[rx.call_script(_SCRIPT), CardsState.opened],
    )


def _dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(
                rx.icon("keyboard", size=14),
                "Shortcuts",
                variant="ghost",
                size="1",
                id="shortcuts-open",
                aria_label="keyboard shortcuts (?)",
                type="button",
            )
        ),
        rx.dialog.content(
            rx.dialog.title("Keyboard shortcuts"),
            rx.dialog.description("On the Jobs page, outside a text box:", size="2"),
            rx.el.dl(
                *[
                    rx.flex(
                        rx.el.dt(rx.code(key), min_width="2em"),
                        rx.el.dd(what, margin="0"),
                        spacing="3",
                        class_name="shortcut",
                    )
                    for key, what in KEYS
                ],
                id="shortcut-list",
            ),
            rx.flex(
                rx.dialog.close(rx.button("Close", variant="soft", type="button")),
                justify="end",
                margin_top="1em",
            ),
            max_width="26em",
        ),
    )
