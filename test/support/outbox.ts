export { mailTo, readOutbox, type ReceivedMail } from '../../examples/outbox.js';
