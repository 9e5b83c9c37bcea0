import type { Resolvers } from '../generated/resolvers.js';
import { requireCaller, type RequestContext } from '../requestContext.js';
import type { Accounts } from './accounts.js';

/** The custom account mutations. `@authorization` does not cover them, so each checks itself. */
export function accountResolvers(accounts: Accounts): Resolvers<RequestContext> {
  return {
    Mutation: {
      register: (_, { input }, context) => accounts.register(input, context.log),
      login: (_, { input }, context) => accounts.login(input, context.log),
      logout: (_, __, context) => accounts.logout(requireCaller(context), context.log),
    },
  };
}
