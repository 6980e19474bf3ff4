package kernel

// Hooks for the external tests in package kernel_test.
var (
	SetImpl   = setImpl
	ImplPaths = func() (keys []string) {
		for _, p := range paths {
			if p.available {
				keys = append(keys, p.key)
			}
		}
		return keys
	}
)
