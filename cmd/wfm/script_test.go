package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"wfm": func() { os.Exit(Main()) },
	})
}

// TestScript runs every CLI session in testdata/script. Refresh the expected
// output with `go test ./cmd/wfm -run TestScript -update`.
func TestScript(t *testing.T) {
	shared, _ := filepath.Abs("../../../shared")
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("SHARED", shared)
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "shared" {
				_, err := os.Stat(filepath.Join(shared, "data"))
				return err == nil, nil
			}
			return false, nil
		},
	})
}
