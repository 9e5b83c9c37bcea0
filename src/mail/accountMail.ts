import type { Logger } from '../logger.js';
import type { Mailer } from './mailer.js';
import {
  confirmEmailChangeMessage,
  emailChangeNoticeMessage,
  emailInUseNoticeMessage,
  passwordChangedMessage,
  passwordResetMessage,
  verifyEmailMessage,
} from './messages.js';

export interface AccountMailSettings {
  appUrl: string;
  verifyEmailSeconds: number;
  changeEmailSeconds: number;
  resetPasswordSeconds: number;
}

/** The messages of the account flows, with links to the app's pages for each token. */
export class AccountMail {
  constructor(
    private readonly mailer: Mailer,
    private readonly settings: AccountMailSettings,
  ) {}

  verifyEmail(to: string, name: string, token: string, log: Logger): void {
    const action = this.action('/verify-email', token, this.settings.verifyEmailSeconds);
    this.mailer.send({ to, ...verifyEmailMessage(name, action) }, log);
  }

  confirmEmailChange(to: string, name: string, token: string, log: Logger): void {
    const action = this.action('/confirm-email', token, this.settings.changeEmailSeconds);
    this.mailer.send({ to, ...confirmEmailChangeMessage(name, action) }, log);
  }

  emailChangeNotice(to: string, name: string, log: Logger): void {
    this.mailer.send({ to, ...emailChangeNoticeMessage(name) }, log);
  }

  emailInUseNotice(to: string, log: Logger): void {
    this.mailer.send({ to, ...emailInUseNoticeMessage() }, log);
  }

  passwordReset(to: string, name: string, token: string, log: Logger): void {
    const action = this.action('/reset-password', token, this.settings.resetPasswordSeconds);
    this.mailer.send({ to, ...passwordResetMessage(name, action) }, log);
  }

  passwordChanged(to: string, name: string, log: Logger): void {
    this.mailer.send({ to, ...passwordChangedMessage(name) }, log);
  }

  private action(page: string, token: string, validForSeconds: number) {
    return { appUrl: this.settings.appUrl, page, token, validForSeconds };
  }
}
