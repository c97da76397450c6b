import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from './paths.js';

// Checks the deployment files with the real tools where they are installed; where a tool is
// missing the test says so in one line and skips (CI's `terraform` and `workflows` jobs run them).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const terraformDir = path.join(root, 'infra/terraform');
const devEnvironment = path.join(terraformDir, 'environments/dev');

function found(command: string): string | undefined {
  const result = spawnSync(command, ['-version'], { encoding: 'utf8' });
  return result.error ? undefined : command;
}

function run(command: string, args: string[], cwd: string) {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, TF_IN_AUTOMATION: '1' } });
}

function skip(context: Mocha.Context, reason: string): never {
  console.log(`      skipped: ${reason}`);
  context.skip();
}

const ACTIONLINT = 'github.com/rhysd/actionlint/cmd/actionlint@v1.7.7';

/** actionlint built from the Go module proxy into the infrastructure cache, once (as FerretDB is); skips when Go or the proxy is not there. */
function installedActionlint(context: Mocha.Context): string {
  const bin = path.join(cacheDir(), 'actionlint-1.7.7');
  const actionlint = path.join(bin, 'actionlint');
  if (existsSync(actionlint)) return actionlint;
  const built = spawnSync('go', ['install', ACTIONLINT], { encoding: 'utf8', env: { ...process.env, GOBIN: bin } });
  if (built.error || built.status !== 0) skip(context, `actionlint is not on the PATH and go install ${ACTIONLINT} failed: ${built.error?.message ?? built.stderr.trim().split('\n').at(-1)}`);
  return actionlint;
}

describe('deployment files', () => {
  it('Terraform is formatted (terraform fmt -check -recursive infra/terraform)', function () {
    const terraform = found('terraform') ?? skip(this, 'terraform is not on the PATH');
    const result = run(terraform, ['fmt', '-check', '-recursive', '-list=true', terraformDir], root);
    assert.equal(result.status, 0, `terraform fmt -check found unformatted files:\n${result.stdout}${result.stderr}`);
  });

  it('the dev environment validates (terraform validate, once its providers are installed)', function () {
    const terraform = found('terraform') ?? skip(this, 'terraform is not on the PATH');
    if (!existsSync(path.join(devEnvironment, '.terraform'))) skip(this, 'providers not installed (run terraform init -backend=false in infra/terraform/environments/dev)');
    const result = run(terraform, ['validate', '-no-color'], devEnvironment);
    assert.equal(result.status, 0, `terraform validate failed:\n${result.stdout}${result.stderr}`);
  });

  it('the GitHub workflows pass actionlint', function () {
    this.timeout(600_000); // a fresh machine builds actionlint first
    const actionlint = found('actionlint') ?? installedActionlint(this);
    const result = run(actionlint, ['-no-color'], root);
    assert.equal(result.status, 0, `actionlint:\n${result.stdout}${result.stderr}`);
  });

  it('the deployment scripts pass shellcheck', function () {
    const shellcheck = found('shellcheck') ?? skip(this, 'shellcheck is not on the PATH (apt-get install shellcheck; .ci/run installs it)');
    const result = run(shellcheck, ['scripts/compose-local.sh', 'scripts/compose-smoke.sh', 'infra/docker/local/kafka-run.sh', '.ci/run'], root);
    assert.equal(result.status, 0, `shellcheck:\n${result.stdout}${result.stderr}`);
  });
});
