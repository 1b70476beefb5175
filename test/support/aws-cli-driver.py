# Runs the installed aws-cli's own driver (awscli.clidriver, what the `aws` command calls) for many commands in one
# Python process, so smoke tests pay Python's and botocore's ~1 s start once per file instead of once per command.
#
# Protocol: one JSON request per line on stdin {"args", "env", "cwd", "input"}; one JSON reply per line on the
# original stdout {"status", "stdout", "stderr"}. Each command gets a fresh botocore session built from its own
# environment (as a new `aws` process would); only the parsed service models are shared, through one data loader.
import io
import json
import os
import sys
import traceback

reply_out = os.fdopen(os.dup(1), 'wb')
# Nothing awscli prints may reach the reply channel: fd 1 now points at stderr for stray writes below Python.
os.dup2(2, 1)

import botocore.session  # noqa: E402
from awscli import clidriver  # noqa: E402
from awscli.plugin import load_plugins  # noqa: E402

shared_loader = None
# Importing awscli appends its own data folder to AWS_DATA_PATH; every command's environment must keep it.
AWSCLI_DATA_PATH = os.environ['AWS_DATA_PATH']


def create_driver():
    """clidriver.create_clidriver(), with the model loader of the first session reused by later ones."""
    global shared_loader
    session = botocore.session.Session(clidriver.EnvironmentVariables)
    if shared_loader is None:
        shared_loader = session.get_component('data_loader')
    else:
        session.register_component('data_loader', shared_loader)
    clidriver._set_user_agent_for_session(session)
    load_plugins(session.full_config.get('plugins', {}), event_hooks=session.get_component('event_emitter'))
    return clidriver.CLIDriver(session=session)


class KeptBytes(io.BytesIO):
    """A capture buffer that outlives its text wrapper (a collected TextIOWrapper closes what it wraps)."""

    def close(self):
        pass


def text_stream(raw):
    return io.TextIOWrapper(raw, encoding='utf-8', errors='replace', write_through=True)


def run(request):
    os.environ.clear()
    os.environ.update(request['env'])
    own = request['env'].get('AWS_DATA_PATH')
    os.environ['AWS_DATA_PATH'] = AWSCLI_DATA_PATH if not own else os.pathsep.join([own, AWSCLI_DATA_PATH])
    os.chdir(request['cwd'])
    sys.argv = ['aws', *request['args']]  # argparse names the program from argv[0] in its error lines
    out, err = KeptBytes(), KeptBytes()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = text_stream(KeptBytes(request.get('input', '').encode('utf-8')))
    sys.stdout, sys.stderr = text_stream(out), text_stream(err)
    try:
        status = create_driver().main(request['args'])
    except SystemExit as exit_:
        # argparse and a few commands exit instead of returning a code, as they would end an `aws` process.
        status = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except BaseException:  # noqa: B902 - an unexpected crash is reported like the CLI's own crash, exit 255
        traceback.print_exc()
        status = 255
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdin, sys.stdout, sys.stderr = saved
    return {'status': status, 'stdout': out.getvalue().decode('utf-8', 'replace'), 'stderr': err.getvalue().decode('utf-8', 'replace')}


for line in sys.stdin.buffer:
    if not line.strip():
        continue
    reply = run(json.loads(line))
    reply_out.write(json.dumps(reply).encode('utf-8') + b'\n')
    reply_out.flush()
