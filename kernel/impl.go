package kernel

// implPath is one code path of the exported functions other than the
// generic Go one. The dispatch file of each architecture lists its paths
// in paths, fastest first.
type implPath struct {
	name      string // as Impl reports it, such as "avx2+fma"
	key       string // short form for test and benchmark names, such as "avx2"
	available bool   // the CPU supports the path
	use       *bool  // the switch the exported functions test
}

// Impl names the code path the exported functions use on this machine:
// "avx2+fma" on amd64 with AVX2 and FMA, "neon" on arm64, and "generic"
// for the plain Go functions, which are also used when the build tag
// purego is set or the environment variable LOCOCODE_KERNEL=generic is
// set at start-up.
func Impl() string {
	for _, p := range paths {
		if *p.use {
			return p.name
		}
	}
	return "generic"
}

// forceGeneric reports whether the environment asks for the generic
// path at start-up.
func forceGeneric(getenv func(string) string) bool {
	return getenv("LOCOCODE_KERNEL") == "generic"
}
