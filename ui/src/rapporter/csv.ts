// Saves one of the API's CSV answers as a file. The API's CSV begins with a byte-order mark so that
// Excel reads æ, ø and å; reading the answer as text drops it, so it is put back before saving.
import { getText } from '../api';

export async function downloadCsv(path: string, filename: string): Promise<void> {
  const text = await getText(path);
  const url = URL.createObjectURL(new Blob([text.startsWith('\uFEFF') ? text : `\uFEFF${text}`], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
