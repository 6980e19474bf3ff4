package kernel

import (
	"os"
	"testing"
)

// forEachImpl runs f as a subtest impl=<key> once for every code path
// of this architecture and once as impl=generic, with the switches set
// so that exactly that path is used. The switches are restored when the
// subtest ends. A path the CPU lacks is skipped, unless the environment
// variable LOCOCODE_REQUIRE_ASM names it (as CI does), which makes the
// missing path a failure.
func forEachImpl(t *testing.T, f func(t *testing.T, impl string)) {
	t.Helper()
	req := os.Getenv("LOCOCODE_REQUIRE_ASM")
	found := req == ""
	for _, p := range paths {
		found = found || p.key == req
		t.Run("impl="+p.key, func(t *testing.T) {
			if !p.available {
				if requireAsm(p.key) {
					t.Fatalf("LOCOCODE_REQUIRE_ASM=%s but this CPU lacks %s", req, p.name)
				}
				t.Skipf("CPU lacks %s", p.name)
			}
			setImpl(t, p.key)
			f(t, p.key)
		})
	}
	if !found {
		t.Fatalf("LOCOCODE_REQUIRE_ASM=%s but this build has no such path", req)
	}
	t.Run("impl=generic", func(t *testing.T) {
		setImpl(t, "generic")
		f(t, "generic")
	})
}

// requireAsm reports whether LOCOCODE_REQUIRE_ASM names the path key,
// so that its absence must fail the test.
func requireAsm(key string) bool {
	return os.Getenv("LOCOCODE_REQUIRE_ASM") == key
}

// setImpl turns on the path with the given key (all off for "generic")
// until the test ends.
func setImpl(tb testing.TB, key string) {
	saved := make([]bool, len(paths))
	for i, p := range paths {
		saved[i] = *p.use
		*p.use = p.key == key
	}
	tb.Cleanup(func() {
		for i, p := range paths {
			*p.use = saved[i]
		}
	})
}

// benchImpls lists the keys of the paths available here, generic last.
func benchImpls() []string {
	var keys []string
	for _, p := range paths {
		if p.available {
			keys = append(keys, p.key)
		}
	}
	return append(keys, "generic")
}

func TestImpl(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		got := Impl()
		want := "generic"
		for _, p := range paths {
			if p.key == impl {
				want = p.name
			}
		}
		if got != want {
			t.Errorf("Impl() = %q, want %q", got, want)
		}
	})
}

func TestForceGeneric(t *testing.T) {
	env := map[string]string{"LOCOCODE_KERNEL": "generic"}
	if !forceGeneric(func(k string) string { return env[k] }) {
		t.Error("LOCOCODE_KERNEL=generic does not force the generic path")
	}
	if forceGeneric(func(string) string { return "" }) {
		t.Error("empty environment forces the generic path")
	}
	if os.Getenv("LOCOCODE_KERNEL") == "generic" && Impl() != "generic" {
		t.Errorf("LOCOCODE_KERNEL=generic at start-up, but Impl() = %q", Impl())
	}
}
