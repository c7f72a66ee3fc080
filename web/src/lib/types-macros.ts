/** Shapes of macros and their previews as the API answers them (api-schema.d.ts). */
import type { ApiData, Schema } from './api.ts';

export type MacroView = Schema<'Macro'>;
export type MacroChange = Schema<'MacroChange'>;
export type MacroPreview = ApiData<'post', '/macros/{id}/preview'>;
export type MacroTicketPreview = MacroPreview['tickets'][number];
