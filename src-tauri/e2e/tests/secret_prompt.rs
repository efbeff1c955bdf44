//! `secrets set` at a terminal: a hidden prompt in a real pseudo-terminal. The
//! typed value is never echoed, reaches the keyring exactly (Zoom accepts it),
//! and an empty line or Ctrl-D stores nothing.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use roomstart_e2e::{app_log, Harness};
use roomstart_sim::{SimOptions, Simulation};

const TYPED_SECRET: &str = "pty-typed-secret-K5w9zR";
const NAME: &str = "zoom.client_secret";
const PROMPT: &str = "Value for zoom.client_secret (typing is hidden): ";

/// Runs a command as the session leader of a new pseudo-terminal (so it is
/// stdin, stdout, stderr and /dev/tty), reads until the prompt, waits until the
/// terminal's echo is off, types the bytes given on stdin, reads to the end and
/// prints JSON. argv: the prompt, then the command. The typed bytes come on
/// stdin, so they are in no process's arguments.
const PTY_DRIVER: &str = r#"
import json, os, pty, select, signal, sys, termios, time

prompt = sys.argv[1].encode()
keys = sys.stdin.buffer.read()
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])

deadline = time.monotonic() + 30
out = b""

def read_some():
    global out
    ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
    if not ready:
        os.kill(pid, signal.SIGKILL)
        sys.exit("timed out; the terminal showed %r" % out)
    try:
        chunk = os.read(fd, 4096)
    except OSError:  # EIO: every copy of the terminal's other side is closed
        chunk = b""
    out += chunk
    return chunk

while prompt not in out and read_some():
    pass
prompted = prompt in out

# The prompt is written before echo goes off, and echo happens as bytes are
# typed: wait for the mode itself (there is no event for it), as pexpect's
# waitnoecho does. On Linux the master's termios are the terminal's.
echo_off = False
while prompted and time.monotonic() < deadline:
    if not termios.tcgetattr(fd)[3] & termios.ECHO:
        echo_off = True
        break
    time.sleep(0.005)

if echo_off:
    os.write(fd, keys)
else:
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
while read_some():
    pass
_, status = os.waitpid(pid, 0)
print(json.dumps({
    "prompted": prompted,
    "echo_off": echo_off,
    "status": os.waitstatus_to_exitcode(status),
    "terminal": out.decode("utf-8", "replace"),
}))
"#;

struct Typed {
    prompted: bool,
    echo_off: bool,
    status: i64,
    /// Everything the terminal showed, in order.
    terminal: String,
}

/// `roomstart --config CONFIG secrets set NAME` in a pseudo-terminal, typing `keys`.
fn type_secret(h: &Harness, config: &Path, keys: &str) -> Typed {
    let mut driver = Command::new("python3")
        .arg("-c")
        .arg(PTY_DRIVER)
        .arg(PROMPT)
        .arg(&h.app)
        .arg("--config")
        .arg(config)
        .args(["secrets", "set", NAME])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    driver
        .stdin
        .take()
        .unwrap()
        .write_all(keys.as_bytes())
        .unwrap();
    let out = driver.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the pty driver failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    Typed {
        prompted: json["prompted"].as_bool().unwrap(),
        echo_off: json["echo_off"].as_bool().unwrap(),
        status: json["status"].as_i64().unwrap(),
        terminal: json["terminal"].as_str().unwrap().to_string(),
    }
}

fn secrets_list(h: &Harness, config: &Path) -> String {
    let out = h.run_cli(config, &["secrets", "list"], None);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_set_at_a_terminal_prompts_with_echo_off() {
    let h = Harness::from_env();
    let sim = Simulation::start(SimOptions {
        client_secret: TYPED_SECRET.into(),
        ..SimOptions::at(roomstart_e2e::app_clock())
    })
    .await
    .unwrap();
    let config = h.config_file(
        "roomstart-prompt",
        &roomstart_e2e::room_config(&sim, "Prompt room (e2e)", "", ""),
    );
    // Other tests share this keyring: start from no value.
    let out = h.run_cli(&config, &["secrets", "delete", NAME], None);
    assert!(out.status.success(), "{out:?}");
    let not_set = format!("✗ {NAME}  not set");

    // Just Enter: refused, and nothing stored.
    let empty = type_secret(&h, &config, "\r");
    assert!(empty.prompted && empty.echo_off, "{}", empty.terminal);
    assert_eq!(
        empty.terminal,
        format!("{PROMPT}\r\nroomstart: no value was typed; {NAME} was not stored\r\n")
    );
    assert_eq!(empty.status, 1);
    assert!(secrets_list(&h, &config).contains(&not_set));

    // Ctrl-D: refused, and nothing stored.
    let ended = type_secret(&h, &config, "\x04");
    assert!(ended.prompted && ended.echo_off, "{}", ended.terminal);
    assert_eq!(
        ended.terminal,
        format!(
            "{PROMPT}\r\nroomstart: the input ended before a value was typed; {NAME} was not stored\r\n"
        )
    );
    assert_eq!(ended.status, 1);
    assert!(secrets_list(&h, &config).contains(&not_set));

    // A value typed and Enter: the terminal shows the prompt, a new line and
    // the result, never a character of the value.
    let typed = type_secret(&h, &config, &format!("{TYPED_SECRET}\r"));
    assert!(typed.prompted && typed.echo_off, "{}", typed.terminal);
    assert!(!typed.terminal.contains(TYPED_SECRET));
    assert_eq!(
        typed.terminal,
        format!("{PROMPT}\r\nstored {NAME} in the keyring\r\n")
    );
    assert_eq!(typed.status, 0);
    let list = secrets_list(&h, &config);
    assert!(list.contains(&format!("✓ {NAME}  set")), "{list}");
    // Stored exactly as typed, with no line ending: Zoom accepts it.
    let doctor = h.run_cli(&config, &["doctor"], None);
    let doctor = String::from_utf8_lossy(&doctor.stdout);
    assert!(
        doctor.contains("✓ zoom credentials: accepted by Zoom"),
        "{doctor}"
    );
    assert!(!doctor.contains(TYPED_SECRET) && !app_log().contains(TYPED_SECRET));

    // An empty line later keeps the stored value.
    let empty = type_secret(&h, &config, "\r");
    assert_eq!(empty.status, 1, "{}", empty.terminal);
    let doctor = h.run_cli(&config, &["doctor"], None);
    assert!(
        String::from_utf8_lossy(&doctor.stdout).contains("✓ zoom credentials: accepted by Zoom")
    );

    let out = h.run_cli(&config, &["secrets", "delete", NAME], None);
    assert!(out.status.success(), "{out:?}");
}
