// Package asm holds the assembly versions of the kernels of package
// kernel: AVX2+FMA on amd64 (suffix AVX2) and NEON on arm64 (suffix
// NEON). Each function has exactly the parameters of the generic Go
// function it replaces, and package kernel calls it only after checking
// the slice lengths, so the functions here assume them. Nothing here is
// compiled with the build tag purego.
//
// The amd64 assembly and its Go declarations are generated with avo
// (github.com/mmcloughlin/avo) by the program in _gen, which is its own
// module so that avo stays out of this module's go.mod. Regenerate with
//
//	cd kernel/asm/_gen && go generate
//
// and commit the result; CI regenerates and fails on any difference.
package asm
