import { GraphQLError, GraphQLScalarType, Kind, type GraphQLSchema } from 'graphql';

/** An ISO-8601 date, optionally with a time and an offset: what Cypher's datetime() reads. */
const DATE = String.raw`(\d{4})-(\d{2})-(\d{2})`;
const TIME = String.raw`T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?`;
const OFFSET = String.raw`Z|[+-](\d{2}):?(\d{2})`;
const ISO_DATE_TIME = new RegExp(`^${DATE}(?:${TIME}(?:${OFFSET})?)?$`);

/**
 * @neo4j/graphql's DateTime checks a variable with `new Date()`, which takes "2020-02-30", and
 * a literal in the query not at all: Neo4j then fails the whole statement and the client gets
 * an internal error. Both now take only a real ISO-8601 date and time.
 */
export function requireIsoDateTimes(schema: GraphQLSchema): void {
  const scalar = schema.getType('DateTime');
  if (!(scalar instanceof GraphQLScalarType)) return;

  const { parseValue, parseLiteral } = scalar;
  scalar.parseValue = (value: unknown) => {
    if (typeof value === 'string' && !isIsoDateTime(value)) throw notADateTime();
    return parseValue(value);
  };
  scalar.parseLiteral = (node, variables) => {
    if (node.kind === Kind.STRING && !isIsoDateTime(node.value)) throw notADateTime();
    return parseLiteral(node, variables);
  };
}

function notADateTime(): GraphQLError {
  return new GraphQLError(
    'DateTime cannot represent this value: expected an ISO-8601 date and time, ' +
      'such as 2026-12-04T09:30:00Z.',
  );
}

function isIsoDateTime(text: string): boolean {
  const parts = ISO_DATE_TIME.exec(text);
  if (!parts) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] =
    parts.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
  const daysInMonth = new Date(Date.UTC(year!, month, 0)).getUTCDate();
  return (
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetMinutes <= 59 &&
    // Neo4j takes offsets from -18:00 to +18:00.
    (offsetHours < 18 || (offsetHours === 18 && offsetMinutes === 0))
  );
}
