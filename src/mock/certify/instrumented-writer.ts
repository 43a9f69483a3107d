// The reply writer of the certify mode: plug-in pages go out with the beacon script and the CSP
// additions of CertifyMode.instrument(); API answers are written exactly as by ReplyWriter.
import type { ServerResponse } from 'node:http';
import { ReplyWriter, type WireSettings } from '../core/reply.ts';
import type { CertifyMode } from './certify-mode.ts';

export class InstrumentedWriter extends ReplyWriter {
  constructor(
    private readonly certify: CertifyMode,
    wire: WireSettings,
    nowMs: () => number,
  ) {
    super(wire, nowMs);
  }

  override writeHtml(res: ServerResponse, httpStatus: number, html: string, headers: Readonly<Record<string, string>>): void {
    const page = this.certify.instrument(res.req, html, headers);
    super.writeHtml(res, httpStatus, page.html, page.headers);
  }
}
