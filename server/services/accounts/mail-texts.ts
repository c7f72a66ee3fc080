import { createTranslator, defaultLocale, isLocale, type Catalogs } from '../../locale/index.ts';

type Key = 'resetSubject' | 'resetBody' | 'inviteSubject' | 'inviteBody';

const catalogs: Catalogs<Key> = {
  en: {
    resetSubject: 'Set a new Switchboard password',
    resetBody:
      'Someone (hopefully you) asked to set a new password for {email}.\n\nOpen this link within an hour to choose one:\n{link}\n\nThe link works once. If you did not ask, ignore this mail: your password stays as it is.',
    inviteSubject: '{inviter} invited you to Switchboard',
    inviteBody:
      '{inviter} invited you ({email}) to join the team on Switchboard.\n\nOpen this link within 7 days to choose your name and password:\n{link}\n\nThe link works once.',
  },
  'zh-CN': {
    resetSubject: '设置新的 Switchboard 密码',
    resetBody:
      '有人（希望是你）请求为 {email} 设置新密码。\n\n请在一小时内打开以下链接设置新密码：\n{link}\n\n该链接只能使用一次。如果不是你本人的请求，请忽略此邮件，你的密码不会改变。',
    inviteSubject: '{inviter} 邀请你加入 Switchboard',
    inviteBody:
      '{inviter} 邀请你（{email}）加入 Switchboard 团队。\n\n请在 7 天内打开以下链接，设置你的姓名和密码：\n{link}\n\n该链接只能使用一次。',
  },
};

export function accountMailText(kind: 'reset' | 'invite', locale: string, params: { email: string; link: string; inviter?: string }) {
  const t = createTranslator(catalogs, isLocale(locale) ? locale : defaultLocale);
  const p = { ...params, inviter: params.inviter ?? 'Switchboard' };
  return kind === 'reset'
    ? { subject: t('resetSubject', p), text: `${t('resetBody', p)}\n` }
    : { subject: t('inviteSubject', p), text: `${t('inviteBody', p)}\n` };
}
