/** Saves text, or bytes sent as base64, as a file through the browser's (or Electron's) download path: no file system access needed. */
export function downloadText(fileName: string, mimeType: string, text: string, encoding?: 'base64'): void {
  const body = encoding === 'base64' ? Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0)) : text;
  const url = URL.createObjectURL(new Blob([body], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
