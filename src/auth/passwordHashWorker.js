// Runs in the hashing pool's worker threads: bcrypt is CPU-bound for hundreds of
// milliseconds by design, and must never run on the event loop that serves requests.
// Plain JavaScript so the same file runs from src/ (tests) and dist/ (npm start).
import bcrypt from 'bcryptjs';

/**
 * @param {{ task: 'hash', secret: string, cost: number }
 *   | { task: 'compare', secret: string, hash: string }} job
 * @returns {string | boolean}
 */
export default function run(job) {
  if (job.task === 'hash') return bcrypt.hashSync(job.secret, job.cost);
  return bcrypt.compareSync(job.secret, job.hash);
}
