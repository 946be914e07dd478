package oracle

import (
	"bufio"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"istio.io/istio/pilot/pkg/features"

	istiolog "istio.io/istio/pkg/log"
)

var (
	worldsDir = flag.String("worlds", "", "a directory of world directories (each holds the YAML files of one world)")
	stdinJSON = flag.Bool("stdin", false, `read worlds as JSON lines {"id","yaml"} from standard input`)
	outFile   = flag.String("out", "", "where to write one JSON result per line (default: standard output)")
)

type worldInput struct {
	ID   string `json:"id"`
	YAML string `json:"yaml"`
}

func readWorlds(t *testing.T) []worldInput {
	var worlds []worldInput
	if *stdinJSON {
		scanner := bufio.NewScanner(os.Stdin)
		scanner.Buffer(make([]byte, 1<<20), 1<<28)
		for scanner.Scan() {
			line := strings.TrimSpace(scanner.Text())
			if line == "" {
				continue
			}
			var w worldInput
			if err := json.Unmarshal([]byte(line), &w); err != nil {
				t.Fatalf("bad world line: %v", err)
			}
			worlds = append(worlds, w)
		}
		if err := scanner.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if *worldsDir != "" {
		entries, err := os.ReadDir(*worldsDir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			dir := filepath.Join(*worldsDir, e.Name())
			files, _ := os.ReadDir(dir)
			var names []string
			for _, f := range files {
				if ext := filepath.Ext(f.Name()); ext == ".yaml" || ext == ".yml" {
					names = append(names, f.Name())
				}
			}
			sort.Strings(names)
			var docs []string
			for _, n := range names {
				b, err := os.ReadFile(filepath.Join(dir, n))
				if err != nil {
					t.Fatal(err)
				}
				docs = append(docs, string(b))
			}
			worlds = append(worlds, worldInput{ID: e.Name(), YAML: strings.Join(docs, "\n---\n")})
		}
	}
	return worlds
}

// TestMain keeps Istio's logs to errors: the control plane runs once per world and would flood the output.
// istiod runs as in Istio's ambient profile (PILOT_ENABLE_AMBIENT=true); Istio reads that variable while its
// packages initialise (pilot/pkg/features/ambient.go registerAmbient), so without it the binary starts itself
// again with it set.
func TestMain(m *testing.M) {
	if !features.EnableAmbient {
		if os.Getenv("PILOT_ENABLE_AMBIENT") != "" {
			panic("PILOT_ENABLE_AMBIENT is set but Istio did not enable ambient")
		}
		self, err := os.Executable()
		if err != nil {
			panic(err)
		}
		panic(syscall.Exec(self, os.Args, append(os.Environ(), "PILOT_ENABLE_AMBIENT=true")))
	}
	flag.Parse()
	options := istiolog.DefaultOptions()
	options.SetDefaultOutputLevel(istiolog.OverrideScopeName, istiolog.ErrorLevel)
	if err := istiolog.Configure(options); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// TestOracle judges every world given on the command line, each in its own subtest (its own control plane).
func TestOracle(t *testing.T) {
	worlds := readWorlds(t)
	if len(worlds) == 0 {
		t.Skip("no worlds given (-worlds DIR or -stdin)")
	}
	out := os.Stdout
	if *outFile != "" {
		f, err := os.Create(*outFile)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		out = f
	}
	enc := json.NewEncoder(out)
	for _, w := range worlds {
		var res Result
		t.Run(w.ID, func(t *testing.T) {
			res = Judge(t, w.ID, w.YAML)
		})
		if t.Failed() && res.Error == "" {
			res.Error = "the harness failed on this world"
		}
		if err := enc.Encode(res); err != nil {
			t.Fatal(err)
		}
	}
}
