/**
 * Keyboard shortcuts, as helpdesk tools have them: Alt+T takes the open chat, Alt+X closes it, Alt+N opens the next
 * waiting chat (Enter sends, in the message box). Alt, because plain letters belong to the text boxes.
 */
export function setupKeys(o: { next: () => string | undefined; open: (caseId: string) => void }): void {
  const press = (action: string) => document.querySelector<HTMLButtonElement>(`#case button[data-action="${action}"]:not(:disabled)`)?.click();
  document.addEventListener('keydown', (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.code;
    if (key === 'KeyT') press('claim');
    else if (key === 'KeyX') press('close');
    else if (key === 'KeyN') {
      const id = o.next();
      if (id) o.open(id);
    } else return;
    event.preventDefault();
  });
}
