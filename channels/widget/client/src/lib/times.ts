/** Message times in the widget's language: the clock ("14:32", "2:32 PM") and the day a run of messages starts. */
const format = (options: Intl.DateTimeFormatOptions) => (locale: string, iso?: string) =>
  iso ? new Date(iso).toLocaleString(locale, options) : '';

export const clock = format({ timeStyle: 'short' });
export const day = format({ dateStyle: 'medium' });
