fn main() -> std::process::ExitCode {
    roomstart_shell::run()
}
