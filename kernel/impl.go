package kernel

// Impl names the code path the exported functions use on this machine,
// such as "generic".
func Impl() string { return "generic" }
