package simorg

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestSOQLSubset holds the SOQL subset to what each query returns over a
// few LoginHistory rows: select list, AND-joined conditions, datetime and
// id comparisons, ORDER BY, LIMIT and COUNT().
func TestSOQLSubset(t *testing.T) {
	t.Parallel()
	base := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	row := func(id, user, status string, minutes int) record {
		return loginHistoryRecord(LoginHistoryRow{ID: id, UserID: user, Status: status, LoginTime: base.Add(time.Duration(minutes) * time.Minute)}, "64.0")
	}
	rows := []record{
		row("0Ya000000000001AAA", "005000000000001AAA", "Success", 0),
		row("0Ya000000000002AAA", "005000000000001AAA", "Invalid Password", 10),
		row("0Ya000000000003AAA", "005000000000002AAA", "Success", 20),
	}
	schema := loginHistoryRecord(LoginHistoryRow{}, "64.0")
	ids := func(recs []record) []string {
		out := []string{}
		for _, r := range recs {
			out = append(out, r.get("Id").(string))
		}
		return out
	}
	cases := []struct {
		q         string
		wantIDs   []string
		wantTotal int
		wantErr   string
	}{
		{q: "SELECT Id FROM LoginHistory", wantIDs: []string{"0Ya000000000001AAA", "0Ya000000000002AAA", "0Ya000000000003AAA"}, wantTotal: 3},
		{q: "select Id from LoginHistory where UserId = '005000000000001' order by LoginTime desc", wantIDs: []string{"0Ya000000000002AAA", "0Ya000000000001AAA"}, wantTotal: 2},
		{q: "SELECT Id FROM LoginHistory WHERE LoginTime >= 2026-11-29T12:10:00Z ORDER BY LoginTime ASC LIMIT 1", wantIDs: []string{"0Ya000000000002AAA"}, wantTotal: 1},
		{q: "SELECT Id FROM LoginHistory WHERE LoginTime > 2026-11-29T13:05:00.000+0100 AND Status != 'Success'", wantIDs: []string{"0Ya000000000002AAA"}, wantTotal: 1},
		{q: "SELECT Id FROM LoginHistory WHERE Status = 'it\\'s'", wantIDs: []string{}, wantTotal: 0},
		{q: "SELECT COUNT() FROM LoginHistory WHERE UserId = '005000000000001AAA'", wantIDs: []string{}, wantTotal: 2},
		{q: "SELECT Id, Nope FROM LoginHistory", wantErr: "INVALID_FIELD"},
		{q: "SELECT Id FROM LoginHistory WHERE Nope = 'x'", wantErr: "INVALID_FIELD"},
		{q: "SELECT Id FROM LoginHistory WHERE LoginTime > 2026-13-45T99:00:00Z", wantErr: "MALFORMED_QUERY"},
		{q: "SELECT FROM LoginHistory", wantErr: "MALFORMED_QUERY"},
	}
	for _, tc := range cases {
		t.Run(tc.q, func(t *testing.T) {
			t.Parallel()
			q, err := parseSOQL(tc.q)
			var got []record
			total := 0
			if err == nil {
				got, total, err = q.run(schema, rows)
			}
			switch {
			case tc.wantErr != "":
				if err == nil || err.code != tc.wantErr {
					t.Errorf("error %+v, want %s", err, tc.wantErr)
				}
				return
			case err != nil:
				t.Fatalf("error %+v", err)
			}
			if diff := cmp.Diff(tc.wantIDs, ids(got)); diff != "" || total != tc.wantTotal {
				t.Errorf("total %d (want %d), ids (-want, +got):\n%s", total, tc.wantTotal, diff)
			}
		})
	}
}
