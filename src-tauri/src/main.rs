fn main() {
    roomstart_shell::run()
}
