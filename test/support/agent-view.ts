/** What an agent sees through the HTTP API: every ticket of a channel with its customer messages, oldest first. */
export async function customerThreads(
  url: string,
  headers: Record<string, string>,
  channel: 'widget' | 'email' | 'telegram',
): Promise<Array<{ id: string; subject: string | null; texts: string[] }>> {
  const threads: Array<{ id: string; subject: string | null; texts: string[] }> = [];
  let cursor: string | null = null;
  do {
    const page = await getJson(
      `${url}/api/tickets?view=all&channel=${channel}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      headers,
    );
    for (const t of page.tickets as Array<{ id: string; subject: string | null }>) {
      const detail = await getJson(`${url}/api/tickets/${t.id}`, headers);
      const texts = (detail.messages as Array<{ direction: string; text: string | null }>)
        .filter((m) => m.direction === 'in')
        .map((m) => m.text ?? '');
      threads.push({ id: t.id, subject: t.subject, texts });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return threads;
}

async function getJson(url: string, headers: Record<string, string>): Promise<any> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}
