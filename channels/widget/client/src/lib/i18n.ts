/** The widget's own strings, English and Simplified Chinese; `{name}` placeholders. */
const en = {
  'launcher.open': 'Chat with us',
  'launcher.close': 'Close chat',
  'header.title': 'Chat',
  'header.online': 'We are online',
  'header.offline': 'Nobody is online right now',
  'header.hours': 'Opening hours: {hours}',
  'composer.placeholder': 'Write a message…',
  'composer.send': 'Send',
  'composer.attach': 'Attach a file',
  'composer.tooLong': 'Messages can be at most {max} characters.',
  'message.sending': 'Sending…',
  'message.failed': 'Not sent: {reason}',
  'message.dismiss': 'Dismiss',
  'message.seen': 'Seen',
  'message.attachment': 'Attachment',
  'typing.agent': '{name} is typing…',
  'agent.fallback': 'Support',
  'attach.tooLarge': '"{file}" is too large ({size}); files can be at most {max}.',
  'attach.badType': '"{file}" cannot be sent: allowed are {types}.',
  'attach.uploading': 'Uploading {file}…',
  'attach.failed': '"{file}" could not be uploaded: {reason}',
  'prechat.intro': 'Before we start, tell us who you are.',
  'prechat.name': 'Your name',
  'prechat.email': 'Your email',
  'prechat.optional': '(optional)',
  'prechat.start': 'Start chat',
  'prechat.skip': 'Skip',
  'prechat.required': 'Please fill in {field}.',
  'prechat.badEmail': 'Please enter a valid email address.',
  'offline.prompt': 'Nobody is online right now — leave your email and we will reply by email too.',
  'offline.save': 'Save',
  'offline.saved': 'Thanks! We will reply to {email}.',
  'conn.reconnecting': 'Connection lost, reconnecting… Your messages are kept and will be sent.',
  'conn.unavailable': 'The chat is unavailable: {reason}',
  'error.generic': 'Something went wrong.',
  'kb.title': 'These articles might help',
  'kb.solved': 'This solved it',
  'kb.thanks': 'Glad it helped!',
  'csat.ask': 'How would you rate our help?',
  'csat.star': '{n} of 5',
  'csat.comment': 'Anything to add? (optional)',
  'csat.thanks': 'Thank you for your rating!',
  'csat.answered': 'This conversation has already been rated.',
} as const;

export type MessageKey = keyof typeof en;
export type Locale = 'en' | 'zh-CN';

const zhCN: Record<MessageKey, string> = {
  'launcher.open': '在线咨询',
  'launcher.close': '关闭聊天',
  'header.title': '在线客服',
  'header.online': '客服在线',
  'header.offline': '目前没有客服在线',
  'header.hours': '服务时间：{hours}',
  'composer.placeholder': '输入消息…',
  'composer.send': '发送',
  'composer.attach': '添加附件',
  'composer.tooLong': '消息最多 {max} 个字符。',
  'message.sending': '发送中…',
  'message.failed': '未发送：{reason}',
  'message.dismiss': '移除',
  'message.seen': '已读',
  'message.attachment': '附件',
  'typing.agent': '{name} 正在输入…',
  'agent.fallback': '客服',
  'attach.tooLarge': '“{file}”太大（{size}），文件最大 {max}。',
  'attach.badType': '无法发送“{file}”：只允许 {types}。',
  'attach.uploading': '正在上传 {file}…',
  'attach.failed': '“{file}”上传失败：{reason}',
  'prechat.intro': '开始之前，请告诉我们您是谁。',
  'prechat.name': '您的姓名',
  'prechat.email': '您的邮箱',
  'prechat.optional': '（选填）',
  'prechat.start': '开始聊天',
  'prechat.skip': '跳过',
  'prechat.required': '请填写{field}。',
  'prechat.badEmail': '请输入有效的邮箱地址。',
  'offline.prompt': '目前没有客服在线——留下您的邮箱，我们也会通过邮件回复您。',
  'offline.save': '保存',
  'offline.saved': '谢谢！我们会回复到 {email}。',
  'conn.reconnecting': '连接已断开，正在重连…您的消息已保存，稍后会发送。',
  'conn.unavailable': '聊天暂不可用：{reason}',
  'error.generic': '出错了。',
  'kb.title': '这些文章也许能帮到您',
  'kb.solved': '问题已解决',
  'kb.thanks': '很高兴能帮到您！',
  'csat.ask': '您对本次服务满意吗？',
  'csat.star': '{n} 分（满分 5 分）',
  'csat.comment': '还有什么想说的？（选填）',
  'csat.thanks': '感谢您的评价！',
  'csat.answered': '本次对话已经评价过了。',
};

export const catalogs: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** The inbox's configured language, or the visitor's browser language when it is 'auto'. */
export function pickLocale(setting: 'auto' | Locale | undefined, browserLanguages: readonly string[]): Locale {
  if (setting === 'en' || setting === 'zh-CN') return setting;
  for (const lang of browserLanguages) {
    const l = lang.toLowerCase();
    if (l.startsWith('zh')) return 'zh-CN';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}

export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all));
}
