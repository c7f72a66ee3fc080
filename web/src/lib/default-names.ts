import { t } from './i18n/index.svelte.ts';

/**
 * Texts the server stores when it has nothing better: the subject of a message without text, the name of the chat
 * inbox made on first start. Shown in the user's language; a name someone typed is shown as typed.
 */
const NO_SUBJECT = '(no subject)';
const FIRST_RUN_WIDGET_INBOX = 'Website chat';

export const subjectText = (subject: string): string => (!subject.trim() || subject === NO_SUBJECT ? t('ticket.noSubject') : subject);

export const inboxName = (name: string): string => (name === FIRST_RUN_WIDGET_INBOX ? t('inbox.firstRunWidget') : name);
