import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { classifyError } from './errors.js';
import type { RequestContext } from './requestContext.js';

/**
 * Logs what formatError hides from the client, with the request id, and puts that id in the
 * generic error so a user's report can be matched to the log line.
 */
export const errorLoggingPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue, operationName }) {
        for (const error of errors) {
          if (classifyError(error) !== 'internal') continue;
          const err = unwrapResolverError(error);
          contextValue.log.error({ err, operationName, path: error.path }, 'internal error');
        }
      },

      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        for (const error of response.body.singleResult.errors ?? []) {
          if (error.extensions?.code !== 'INTERNAL_SERVER_ERROR') continue;
          Object.assign(error, {
            extensions: { ...error.extensions, requestId: contextValue.requestId },
          });
        }
      },
    };
  },
};
