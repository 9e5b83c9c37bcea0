import type { Resolvers } from '../generated/resolvers.js';
import { requireCaller, type RequestContext } from '../requestContext.js';
import type { Sessions } from '../sessions/sessions.js';
import type { Accounts } from './accounts.js';
import type { EmailFlows } from './emailFlows.js';
import type { PasswordReset } from './passwordReset.js';

export interface AccountServices {
  accounts: Accounts;
  sessions: Sessions;
  emailFlows: EmailFlows;
  passwordReset: PasswordReset;
}

/**
 * The custom account operations. `@authorization` does not cover them, so each one that acts
 * for a signed-in user asks for the caller itself (`me` checks the session in its own query).
 */
export function accountResolvers(services: AccountServices): Resolvers<RequestContext> {
  const { accounts, sessions, emailFlows, passwordReset } = services;
  return {
    Query: {
      me: (_, __, context) => sessions.ownAccount(context.jwt),
      sessions: (_, __, context) => sessions.list(requireCaller(context)),
    },
    Mutation: {
      register: (_, { input }, context) => accounts.register(input, context),
      login: (_, { input }, context) => accounts.login(input, context),
      logout: (_, __, context) => sessions.logout(requireCaller(context), context.log),
      refreshSession: (_, { refreshToken }, context) => sessions.refresh(refreshToken, context),
      revokeSession: (_, { id }, context) =>
        sessions.revoke(requireCaller(context), id, context.log),
      logoutEverywhere: (_, __, context) =>
        sessions.logoutEverywhere(requireCaller(context), context.log),
      changePassword: (_, { input }, context) =>
        accounts.changePassword(requireCaller(context), input, context),
      deleteAccount: (_, { password }, context) =>
        accounts.deleteAccount(requireCaller(context), password, context),
      verifyEmail: (_, { token }, context) => emailFlows.verifyEmail(token, context.log),
      requestEmailVerification: (_, __, context) =>
        emailFlows.requestVerification(requireCaller(context), context),
      changeEmail: (_, { input }, context) =>
        emailFlows.changeEmail(requireCaller(context), input, context),
      confirmEmailChange: (_, { token }, context) =>
        emailFlows.confirmEmailChange(token, context.log),
      requestPasswordReset: (_, { email }, context) => passwordReset.request(email, context),
      resetPassword: (_, { input }, context) => passwordReset.reset(input, context),
    },
    Session: {
      current: (session, _, context) => session.id === context.caller?.sessionId,
    },
  };
}
