package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/viper"
)

// Config is wfm.yaml, in DESIGN.md's shape. It is read once by viper in the
// root command and handed, converted to plain domain values, to the packages.
// Every scalar key can be overridden by WFM_<KEY> (dots become underscores),
// e.g. WFM_SHRINKAGE=0.35 or WFM_SITE_TIMEZONE=Europe/London.
type Config struct {
	Site      SiteConfig     `mapstructure:"site"`
	Queues    []QueueConfig  `mapstructure:"queues"`
	Shrinkage float64        `mapstructure:"shrinkage"`
	Shifts    []ShiftConfig  `mapstructure:"shifts"`
	Rules     RulesConfig    `mapstructure:"rules"`
	Agents    AgentsConfig   `mapstructure:"agents"`
	Vendors   []VendorConfig `mapstructure:"vendors"`
	Peaks     PeaksConfig    `mapstructure:"peaks"`
	Costs     CostsConfig    `mapstructure:"costs"`
	Overtime  OvertimeConfig `mapstructure:"overtime"`
	Import    ImportConfig   `mapstructure:"import"`
	Forecast  ForecastConfig `mapstructure:"forecast"`
	Events    []EventConfig  `mapstructure:"events"`
	Schedule  ScheduleConfig `mapstructure:"schedule"`
	Validate  ValidateConfig `mapstructure:"validate"`
	Simulate  SimulateConfig `mapstructure:"simulate"`
	Plan      PlanConfig     `mapstructure:"plan"`

	// path is the file the config came from ("" when none); relative file
	// names inside the config (agents.file, events files) are resolved
	// against its directory.
	path string
	// patienceFor resolves `patience: auto` (set by the app: autoPatience).
	patienceFor func(queue, channel string) (time.Duration, error)
}

// SiteConfig is the site's clock, interval grid and holiday calendars.
type SiteConfig struct {
	Timezone string        `mapstructure:"timezone"` // IANA name, e.g. Asia/Jerusalem
	Interval time.Duration `mapstructure:"interval"` // 5m, 10m, 15m, 30m or 60m
	// Holidays are built-in holiday calendars by code (US, GB, GB-SCT,
	// IL, DE, ES, FR, IT, NL: holidays.Countries) whose days the forecast treats
	// as special days.
	Holidays []string `mapstructure:"holidays"`
}

// QueueConfig is one queue's channel and targets.
type QueueConfig struct {
	Name          string        `mapstructure:"name"`
	Channel       string        `mapstructure:"channel"`        // voice, chat, email
	ServiceLevel  string        `mapstructure:"service_level"`  // e.g. 80/20s
	MaxASA        time.Duration `mapstructure:"max_asa"`        // e.g. 30s
	MaxOccupancy  float64       `mapstructure:"max_occupancy"`  // e.g. 0.85
	MaxAbandon    float64       `mapstructure:"max_abandon"`    // e.g. 0.05
	Patience      Patience      `mapstructure:"patience"`       // set: Erlang A; auto: estimated from the logs
	Concurrency   int           `mapstructure:"concurrency"`    // chat
	RespondWithin time.Duration `mapstructure:"respond_within"` // email, tickets
	Shrinkage     *float64      `mapstructure:"shrinkage"`      // overrides the site's
	// Priority orders queues for wfm simulate's routing (lower first);
	// nil: 0 for voice and chat, 1 for deferred work.
	Priority *int `mapstructure:"priority"`
	// HandleCV is the handle times' coefficient of variation for wfm
	// simulate: set, lognormal with this CV; unset, exponential.
	HandleCV float64 `mapstructure:"handle_cv"`
	// SelfService is the share of contacts a bot resolves or passes on
	// (0..1), Escalation the share of those passed to an agent, with
	// EscalationAHT their handle time.
	SelfService   float64       `mapstructure:"self_service"`
	Escalation    float64       `mapstructure:"escalation"`
	EscalationAHT time.Duration `mapstructure:"escalation_aht"`
}

// ShiftConfig is a shift template.
type ShiftConfig struct {
	Name   string        `mapstructure:"name"`
	Length time.Duration `mapstructure:"length"`
	Starts string        `mapstructure:"starts"` // "07:00-10:00/30m"
	Days   []string      `mapstructure:"days"`   // sun, mon, ...
	Breaks []BreakConfig `mapstructure:"breaks"`
	Cost   float64       `mapstructure:"cost_per_hour"` // overrides costs.inhouse_per_hour
}

// BreakConfig is a break or lunch inside a shift.
type BreakConfig struct {
	Name   string        `mapstructure:"name"` // "break" when empty; "lunch" for lunches
	Length time.Duration `mapstructure:"length"`
	Paid   bool          `mapstructure:"paid"`
	Window string        `mapstructure:"window"` // "1h30m-3h" after shift start
}

// RulesConfig holds the labour rules.
type RulesConfig struct {
	MinRest            time.Duration `mapstructure:"min_rest"`
	MaxConsecutiveDays int           `mapstructure:"max_consecutive_days"`
	DaysOffPerWeek     int           `mapstructure:"days_off_per_week"`
	ConsecutiveDaysOff bool          `mapstructure:"consecutive_days_off"`
	MinHoursPerWeek    float64       `mapstructure:"min_hours_per_week"`
	MaxHoursPerWeek    float64       `mapstructure:"max_hours_per_week"`
	// StartTimeChangeCost is the cost per hour of difference between an
	// agent's start times on successive working days; 0 = no preference.
	StartTimeChangeCost float64 `mapstructure:"start_time_change_cost"`
	// MaxContinuousWork: no stretch of work longer than Work without a
	// break of at least Break.
	MaxContinuousWork ContinuousWorkConfig `mapstructure:"max_continuous_work"`
	// RestAfterPeak: a rest after a peak window for who worked it.
	RestAfterPeak RestAfterPeakConfig `mapstructure:"rest_after_peak"`
}

// RestAfterPeakConfig is rules.rest_after_peak: {worked: 2h, rest: 15m, within: 30m}.
type RestAfterPeakConfig struct {
	Worked time.Duration `mapstructure:"worked"`
	Rest   time.Duration `mapstructure:"rest"`
	Within time.Duration `mapstructure:"within"`
}

// ContinuousWorkConfig is rules.max_continuous_work: {work: 2h, break: 10m}.
type ContinuousWorkConfig struct {
	Work  time.Duration `mapstructure:"work"`
	Break time.Duration `mapstructure:"break"`
}

// AgentsConfig names the agents: a CSV file or a headcount per contract.
type AgentsConfig struct {
	File      string           `mapstructure:"file"` // id,name,contract,min_hours,max_hours,unavailable
	Headcount map[string]int   `mapstructure:"headcount"`
	Contracts []ContractConfig `mapstructure:"contracts"`
}

// ContractConfig is a contract's weekly hours, templates and skills.
type ContractConfig struct {
	Name     string   `mapstructure:"name"`
	MinHours float64  `mapstructure:"min_hours"`
	MaxHours float64  `mapstructure:"max_hours"`
	Shifts   []string `mapstructure:"shifts"` // templates this contract may work; empty = all
	// Skills are the queues (or channels) the contract's agents take, as
	// the agents file writes them ("voice;chat", "chat:1;voice:2"); an
	// agent's own skills override them; empty = every queue.
	Skills string `mapstructure:"skills"`
}

// VendorConfig is an outsourced surge vendor.
type VendorConfig struct {
	Name        string        `mapstructure:"name"`
	MaxAgents   int           `mapstructure:"max_agents"`
	CostPerHour float64       `mapstructure:"cost_per_hour"`
	MinBlock    time.Duration `mapstructure:"min_block"`
	Notice      time.Duration `mapstructure:"notice"`  // how long before a block the vendor must be called (wfm replan)
	Ramp        int           `mapstructure:"ramp"`    // most agents joining, and most leaving, at once; 0 = any
	Windows     any           `mapstructure:"windows"` // "peak", or a list of {start, end}
}

// PeaksConfig marks peak windows: explicit, and auto-detected.
type PeaksConfig struct {
	Auto    bool           `mapstructure:"auto"`
	Windows []WindowConfig `mapstructure:"windows"`
}

// WindowConfig is a date or date-time range, inclusive of whole end dates.
type WindowConfig struct {
	Start string `mapstructure:"start"`
	End   string `mapstructure:"end"`
	Label string `mapstructure:"label"`
}

// CostsConfig prices the roster's objective.
type CostsConfig struct {
	InhousePerHour           float64 `mapstructure:"inhouse_per_hour"`
	UnderstaffedPerAgentHour float64 `mapstructure:"understaffed_per_agent_hour"`
	OverstaffedPerAgentHour  float64 `mapstructure:"overstaffed_per_agent_hour"`
}

// OvertimeConfig is overtime: which contracts may extend their shifts, by
// how much a day and a week, at what price per hour and at which end
// (scheduling.Overtime). Absent: no overtime.
type OvertimeConfig struct {
	Contracts   []string      `mapstructure:"contracts"` // empty: every contract
	MaxPerDay   time.Duration `mapstructure:"max_per_day"`
	MaxPerWeek  time.Duration `mapstructure:"max_per_week"`
	CostPerHour float64       `mapstructure:"cost_per_hour"`
	Extend      string        `mapstructure:"extend"` // before, after (default) or both
}

// ImportConfig holds `wfm import` settings.
type ImportConfig struct {
	Preset     string            `mapstructure:"preset"`
	Map        map[string]string `mapstructure:"map"`
	Layout     string            `mapstructure:"layout"`
	Queue      string            `mapstructure:"queue"`
	Channel    string            `mapstructure:"channel"`
	Sheet      string            `mapstructure:"sheet"`
	MaxRejects string            `mapstructure:"max_rejects"`
	Outcomes   map[string]string `mapstructure:"outcomes"`
	Files      []string          `mapstructure:"files"` // used by wfm plan
}

// ForecastConfig holds `wfm forecast` settings.
type ForecastConfig struct {
	Horizon         time.Duration `mapstructure:"horizon"`
	Model           string        `mapstructure:"model"`
	BacktestOrigins int           `mapstructure:"backtest_origins"`
	EventsFile      string        `mapstructure:"events_file"`
	Start           string        `mapstructure:"start"` // forecast start date; default: end of history
}

// EventConfig is a special day or range: a multiplier, or closed.
type EventConfig struct {
	Start      string  `mapstructure:"start"`
	End        string  `mapstructure:"end"`
	Multiplier float64 `mapstructure:"multiplier"`
	Closed     bool    `mapstructure:"closed"`
	Label      string  `mapstructure:"label"`
	Queue      string  `mapstructure:"queue"` // empty: every queue
}

// ScheduleConfig holds `wfm schedule` settings.
type ScheduleConfig struct {
	Seed      int64         `mapstructure:"seed"`
	TimeLimit time.Duration `mapstructure:"time_limit"`
	Effort    int           `mapstructure:"effort"` // 0: the default, 1
}

// ValidateConfig holds `wfm validate` gates.
type ValidateConfig struct {
	MinIntervalSL            float64 `mapstructure:"min_interval_sl"`
	MaxUnderstaffedIntervals *int    `mapstructure:"max_understaffed_intervals"` // nil = no gate
}

// SimulateConfig holds `wfm simulate` settings (and validate --simulate's
// seed).
type SimulateConfig struct {
	Replications int    `mapstructure:"replications"`
	Seed         uint64 `mapstructure:"seed"`
}

// PlanConfig holds `wfm plan` settings.
type PlanConfig struct {
	Start string `mapstructure:"start"` // first day to plan, YYYY-MM-DD
	Weeks int    `mapstructure:"weeks"`
}

// loadConfig reads the config file (the --config flag, else ./wfm.yaml when
// present), applies WFM_* environment overrides and decodes into Config.
// A missing default file is not an error: Config then holds defaults only.
func loadConfig(path string, explicit bool) (*Config, error) {
	v := viper.New()
	v.SetEnvPrefix("WFM")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	bindEnvKeys(v, reflect.TypeOf(Config{}), "")
	setDefaults(v)

	cfg := &Config{}
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			if !explicit && errors.Is(err, os.ErrNotExist) {
				path = ""
			} else {
				return nil, fmt.Errorf("config: %w", err)
			}
		}
	}
	var cf *configFile
	if path != "" {
		if err := checkConfigShape(path); err != nil {
			return nil, err
		}
		v.SetConfigFile(path)
		if err := v.ReadInConfig(); err != nil {
			return nil, parseError(path, err)
		}
		cf = readConfigFile(path)
		if err := cf.unknownKey(); err != nil {
			return nil, err
		}
	}
	err := v.Unmarshal(cfg, func(dc *mapstructure.DecoderConfig) {
		dc.ErrorUnused = true
		dc.DecodeHook = mapstructure.ComposeDecodeHookFunc(
			patienceHook,
			durationHook,
			dateToStringHook,
			mapstructure.StringToSliceHookFunc(","),
		)
	})
	if err != nil {
		where := path
		if where == "" {
			where = "environment"
		}
		return nil, cf.decodeError(where, err)
	}
	if err := checkFinite(reflect.ValueOf(*cfg), ""); err != nil {
		where := path
		if where == "" {
			where = "environment"
		}
		return nil, fmt.Errorf("config %s: %w", where, err)
	}
	if err := cfg.checkChannels(cf, path); err != nil {
		return nil, err
	}
	if err := cfg.checkHolidays(cf, path); err != nil {
		return nil, err
	}
	if err := cfg.checkShifts(cf, path); err != nil {
		return nil, err
	}
	if err := cfg.checkOvertime(cf, path); err != nil {
		return nil, err
	}
	cfg.path = path
	return cfg, nil
}

// durationHook reads durations as Go durations (90m, 8h30m) or in days and
// weeks (14d, 2w), which Go's syntax lacks.
func durationHook(from, to reflect.Type, data any) (any, error) {
	if to != reflect.TypeOf(time.Duration(0)) {
		return data, nil
	}
	switch from.Kind() {
	case reflect.String:
		return parseLongDuration(data.(string))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		// A bare number would be read as nanoseconds.
		if x := reflect.ValueOf(data); !x.IsZero() {
			return nil, fmt.Errorf("%v needs a unit; want e.g. %vm, %vs, 8h30m, 14d or 2w", data, data, data)
		}
		return time.Duration(0), nil
	}
	return data, nil
}

// Patience is a queue's mean patience: a duration, or PatienceAuto.
type Patience time.Duration

// PatienceAuto is `patience: auto`: the mean patience estimated from the
// contact logs of import.files (see app.autoPatience).
const PatienceAuto = Patience(-1)

// patienceHook reads a queue's patience: "auto", or a duration as
// durationHook reads one.
func patienceHook(from, to reflect.Type, data any) (any, error) {
	if to != reflect.TypeOf(Patience(0)) {
		return data, nil
	}
	if s, ok := data.(string); ok && strings.EqualFold(strings.TrimSpace(s), "auto") {
		return PatienceAuto, nil
	}
	d, err := durationHook(from, reflect.TypeOf(time.Duration(0)), data)
	if err != nil {
		return nil, fmt.Errorf("%w, or auto", err)
	}
	if d, ok := d.(time.Duration); ok {
		return Patience(d), nil
	}
	return data, nil
}

// parseLongDuration parses a Go duration, or a whole number of days or
// weeks: "14d", "2w".
func parseLongDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			if v, err := strconv.Atoi(n); err == nil {
				return time.Duration(v) * unit, nil
			}
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration; want e.g. 30m, 8h30m, 14d or 2w", s)
	}
	return d, nil
}

// dateToStringHook keeps YAML dates as text: YAML reads an unquoted
// 2026-12-20 as a timestamp, but config dates are strings wfm parses in the
// site's time zone.
func dateToStringHook(from, to reflect.Type, data any) (any, error) {
	t, ok := data.(time.Time)
	if !ok || to.Kind() != reflect.String {
		return data, nil
	}
	return dateText(t), nil
}

// dateText writes a YAML timestamp back as the config text it stands for:
// a date when it has no time of day, else RFC 3339.
func dateText(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339)
}

// configText is a config value read into an untyped key (such as a
// vendor's windows list) as text, with YAML timestamps written back as
// dates (dateText); false when the value is missing.
func configText(x any) (string, bool) {
	switch v := x.(type) {
	case nil:
		return "", false
	case time.Time:
		return dateText(v), true
	default:
		return fmt.Sprint(v), true
	}
}

// setDefaults gives the keys that have a documented default.
func setDefaults(v *viper.Viper) {
	v.SetDefault("site.interval", "30m")
	v.SetDefault("forecast.horizon", "336h")
	v.SetDefault("forecast.model", "auto")
	v.SetDefault("forecast.backtest_origins", 8)
	v.SetDefault("schedule.seed", 1)
	v.SetDefault("simulate.seed", 1)
	v.SetDefault("simulate.replications", 20)
}

// bindEnvKeys binds WFM_<KEY> for every scalar key of t, so environment
// overrides work even for keys absent from the file.
func bindEnvKeys(v *viper.Viper, t reflect.Type, prefix string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("mapstructure")
		if tag == "" || tag == "-" {
			continue
		}
		key := prefix + tag
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch ft.Kind() {
		case reflect.Struct:
			bindEnvKeys(v, ft, key+".")
		case reflect.Slice, reflect.Map, reflect.Interface:
			// lists and maps come from the file only
		default:
			_ = v.BindEnv(key)
		}
	}
}

// resolvePath makes a file name from the config relative to the config's
// directory.
func (c *Config) resolvePath(name string) string {
	if name == "" || c.path == "" || filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(filepath.Dir(c.path), name)
}
