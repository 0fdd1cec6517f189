import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const ESLINT = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

/** Lints a would-be file at `path` (relative to the repo) with the workspace's real config, as `npm run lint` does. */
async function lint(path: string, code: string): Promise<string[]> {
  const res = spawnSync(process.execPath, [ESLINT, '--stdin', '--stdin-filename', join(ROOT, path), '--format', 'json'], { cwd: ROOT, input: code, encoding: 'utf8' });
  const [result] = JSON.parse(res.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('bounded-context boundaries (npm run lint)', () => {
  it("fails when a context imports another context's repository", async () => {
    const rules = await lint('api/src/modules/identity/fixture.ts', "import { auditRepo } from '../audit/audit.repo';\nexport const x = auditRepo;\n");
    expect(rules).toContain('import-x/no-restricted-paths');
  });

  it("allows importing another context's index (its service API)", async () => {
    const rules = await lint('api/src/modules/identity/fixture.ts', "import { AuditService } from '../audit';\nexport const x = AuditService;\n");
    expect(rules).not.toContain('import-x/no-restricted-paths');
  });

  it('allows a context its own internals', async () => {
    const rules = await lint('api/src/modules/audit/fixture.ts', "import { auditRepo } from './audit.repo';\nexport const x = auditRepo;\n");
    expect(rules).toEqual([]);
  });

  it('rejects skipped tests', async () => {
    const parked = ['it', 'skip'].join('.');
    const rules = await lint('api/src/common/fixture.test.ts', `${parked}('parked', () => undefined);\n`);
    expect(rules).toContain('no-restricted-syntax');
  });
});
