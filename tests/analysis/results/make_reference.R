# Reference numbers for tests/analysis: R `survey` estimates and standard
# errors that hjemmekontor.analysis must reproduce to a relative 1e-6.
#
# Run from the repository root:
#   Rscript tests/analysis/results/make_reference.R
# It writes
#   tests/analysis/data/api_clus1.csv, api_srs.csv   (R's `api` data, see the
#       README in that folder: from the survey package, GPL-2 | GPL-3)
#   tests/analysis/results/reference.csv              (estimates and SEs)
#   tests/analysis/results/synthetic_weights.csv      (raked weights)
#   tests/analysis/results/share_intervals.csv        (svyciprop intervals)
# Made with R 4.2.2 and survey 4.1.1 (Debian bookworm r-cran-survey).
suppressPackageStartupMessages(library(survey))

data_dir <- "tests/analysis/data"
out_dir <- "tests/analysis/results"
rows <- list()
num <- function(x) sprintf("%.17g", as.numeric(x))

add <- function(dataset, design, statistic, variable, breakdown, group, est, se) {
  rows[[length(rows) + 1]] <<- data.frame(
    dataset = dataset, design = design, statistic = statistic, variable = variable,
    breakdown = breakdown, group = group, estimate = num(est), se = num(se)
  )
}

stat_fun <- function(statistic) if (statistic == "total") svytotal else svymean

# One whole-sample estimate: svymean/svytotal with na.rm=TRUE.
whole <- function(dataset, dname, design, statistic, variable) {
  f <- as.formula(paste0("~", variable))
  r <- stat_fun(statistic)(f, design, na.rm = TRUE)
  add(dataset, dname, statistic, variable, "", "", coef(r), SE(r))
}

# A breakdown with svyby; groups labelled by their values joined with "|".
by_groups <- function(dataset, dname, design, statistic, variable, by) {
  f <- as.formula(paste0("~", variable))
  b <- as.formula(paste0("~", paste(by, collapse = "+")))
  r <- svyby(f, b, design, stat_fun(statistic), na.rm = TRUE)
  labels <- do.call(paste, c(lapply(by, function(v) as.character(r[[v]])), sep = "|"))
  add(dataset, dname, statistic, variable, paste(by, collapse = "|"), labels,
      coef(r), SE(r))
}

# ---------------------------------------------------------------- api data
data(api)
keep <- c("cds", "dnum", "pw", "fpc", "stype", "sch.wide", "api00", "api99",
          "enroll", "awards")
write.csv(apiclus1[, keep], file.path(data_dir, "api_clus1.csv"), row.names = FALSE)
write.csv(apisrs[, keep], file.path(data_dir, "api_srs.csv"), row.names = FALSE)
apiclus1$award_yes <- as.numeric(apiclus1$awards == "Yes")
apisrs$award_yes <- as.numeric(apisrs$awards == "Yes")

# The example of ?rake: one-stage cluster sample of school districts.
pop.types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop.schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
margins <- list(pop.types, pop.schwide)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
dclus1_nofpc <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1)
designs <- list(
  clus1 = dclus1,
  clus1_raked = rake(dclus1, list(~stype, ~sch.wide), margins),
  clus1_nofpc_raked = rake(dclus1_nofpc, list(~stype, ~sch.wide), margins)
)
dsrs <- svydesign(id = ~1, weights = ~pw, data = apisrs, fpc = ~fpc)
designs$srs <- dsrs
designs$srs_raked <- rake(dsrs, list(~stype, ~sch.wide), margins)
for (dname in names(designs)) {
  d <- designs[[dname]]
  dataset <- if (startsWith(dname, "clus1")) "api_clus1" else "api_srs"
  for (v in c("api00", "api99", "award_yes")) whole(dataset, dname, d, "mean", v)
  whole(dataset, dname, d, "total", "enroll")
  by_groups(dataset, dname, d, "mean", "api00", "stype")
  by_groups(dataset, dname, d, "total", "enroll", "stype")
  by_groups(dataset, dname, d, "mean", "api00", c("sch.wide", "stype"))
}

# ---------------------------------------------------------- synthetic data
syn <- read.csv(file.path(data_dir, "synthetic_employees.csv"),
                na.strings = c("", "NA"), stringsAsFactors = FALSE)
syn_margins <- read.csv(file.path(data_dir, "synthetic_margins.csv"), stringsAsFactors = FALSE)
tree <- read.csv(file.path(data_dir, "synthetic_units.csv"), na.strings = "",
                 stringsAsFactors = FALSE)

# Scores as in docs/dev/instrument-variables.md: items mapped to 0-100,
# reversed items as 100 - value, the mean if at least half are answered.
score <- function(items, reversed = character()) {
  v <- sapply(items, function(i) (syn[[i]] - 1) * 25)
  for (r in reversed) v[, which(items == r)] <- 100 - v[, which(items == r)]
  answered <- rowSums(!is.na(v))
  s <- rowMeans(v, na.rm = TRUE)
  s[answered < length(items) / 2] <- NA
  s
}
syn$burnout <- score(paste0("cbi_", 1:7), "cbi_7")
syn$meaning <- score(paste0("meaning_", 1:2))
syn$work_life_conflict <- score(paste0("wlc_", 1:4))
syn$social_community <- score(paste0("community_", 1:3))

# Headline indicators (BRIEF.md), NA outside their population.
weekly <- c("1_day_week", "2_days_week", "3_4_days_week", "every_day")
can <- syn$can_work_home %in% c("yes", "partly")
has_ho <- !is.na(syn$ho_freq) & syn$ho_freq != "never"
ind <- function(population, value, hit) {
  ifelse(population & !is.na(value), as.numeric(value %in% hit), NA)
}
syn$after_hours_weekly <- ind(has_ho, syn$after_hours_freq,
                              c("daily", "several_times_week", "weekly"))
syn$wish_weekly <- ind(has_ho, syn$wish_freq, weekly)
syn$home_office_weekly <- ind(can, syn$ho_freq, weekly)
syn$written_agreement_yes <- ind(has_ho, syn$written_agreement, "yes")
syn$share_time_home_can <- ifelse(can, syn$share_time_home, NA)
syn$ho_group <- ifelse(
  syn$can_work_home == "no" | (!is.na(syn$ho_freq) & syn$ho_freq == "never"), "never",
  ifelse(syn$ho_freq %in% c("less_than_monthly", "monthly"), "monthly_or_less",
  ifelse(syn$ho_freq %in% c("1_day_week", "2_days_week"), "1_2_days",
  ifelse(syn$ho_freq %in% c("3_4_days_week", "every_day"), "3_plus_days", NA))))

pop <- lapply(c("unit", "gender", "age_group"), function(v) {
  m <- syn_margins[syn_margins$variable == v, ]
  r <- data.frame(m$category, m$count)
  names(r) <- c(v, "Freq")
  r
})
syn$N <- sum(pop[[1]]$Freq)
# A given weight: population / respondents per unit (no calibration).
syn$w_unit <- with(syn, ave(rep(1, nrow(syn)), unit, FUN = sum))
syn$w_unit <- pop[[1]]$Freq[match(syn$unit, pop[[1]]$unit)] / syn$w_unit

base <- svydesign(ids = ~1, weights = ~one, data = transform(syn, one = 1))
base_fpc <- svydesign(ids = ~1, weights = ~one, data = transform(syn, one = 1), fpc = ~N)
rake_margins <- list(~unit, ~gender, ~age_group)
syn_designs <- list(
  raked = rake(base, rake_margins, pop),
  raked_fpc = rake(base_fpc, rake_margins, pop),
  weighted = svydesign(ids = ~1, weights = ~w_unit, data = syn),
  unweighted = base
)
write.csv(data.frame(respondent = syn$respondent,
                     weight = num(weights(syn_designs$raked))),
          file.path(out_dir, "synthetic_weights.csv"), row.names = FALSE, quote = FALSE)

means <- c("sick_days", "burnout", "meaning", "work_life_conflict", "social_community",
           "share_time_home_can", "after_hours_weekly", "wish_weekly",
           "home_office_weekly", "written_agreement_yes")
subtree <- function(u) {
  found <- u
  repeat {
    more <- setdiff(tree$unit[tree$parent %in% found], found)
    if (!length(more)) return(found)
    found <- c(found, more)
  }
}
for (dname in names(syn_designs)) {
  d <- syn_designs[[dname]]
  for (v in means) {
    whole("synthetic", dname, d, "mean", v)
    by_groups("synthetic", dname, d, "mean", v, "gender")
    by_groups("synthetic", dname, d, "mean", v, "ho_group")
  }
  whole("synthetic", dname, d, "total", "sick_days")
  by_groups("synthetic", dname, d, "total", "sick_days", "ho_group")
  by_groups("synthetic", dname, d, "mean", "burnout", c("gender", "age_group"))
  # A unit is its whole subtree: svymean on the subset of the raked design.
  for (v in c("burnout", "after_hours_weekly", "sick_days")) {
    for (u in tree$unit) {
      r <- svymean(as.formula(paste0("~", v)), subset(d, unit %in% subtree(u)), na.rm = TRUE)
      add("synthetic", dname, "mean", v, "unit", u, coef(r), SE(r))
    }
  }
}

write.csv(do.call(rbind, rows), file.path(out_dir, "reference.csv"), row.names = FALSE)

# --------------------------------------------------------- share intervals
# svyciprop's logit (default) and beta (Korn-Graubard) intervals of a share,
# for the whole sample and by group. Each group is its own subset without the
# missing answers, so that degf() counts the respondents (or clusters) with an
# answer, as hjemmekontor.analysis.intervals does. Korn-Graubard only where
# nrow(subset) is those respondents too: a subset of a calibrated design keeps
# every row, and svyciprop's beta then scales by the whole sample's t quantile
# (docs/analysis.md says why ours uses the group's).
ci_rows <- list()
add_ci <- function(dataset, dname, method, variable, breakdown, group, r) {
  ci <- attr(r, "ci")
  ci_rows[[length(ci_rows) + 1]] <<- data.frame(
    dataset = dataset, design = dname, method = method, variable = variable,
    breakdown = breakdown, group = group, estimate = num(r[1]),
    ci_low = num(ci[1]), ci_high = num(ci[2])
  )
}
share_ci <- function(dataset, dname, d, variable, by, methods) {
  has <- !is.na(d$variables[[variable]])
  groups <- if (by == "") "" else sort(unique(d$variables[[by]][has]))
  for (g in groups) {
    inside <- if (by == "") has else has & d$variables[[by]] %in% g
    sub <- d[inside, ]
    p <- mean(d$variables[[variable]][inside])
    if (p == 0 || p == 1) next  # the boundary rule is ours, not R's
    for (m in methods) {
      r <- svyciprop(as.formula(paste0("~", variable)), sub, method = m)
      add_ci(dataset, dname, if (m == "beta") "kg" else m, variable, by, g, r)
    }
  }
}
both <- c("logit", "beta")
for (dname in names(designs)) {
  dataset <- if (startsWith(dname, "clus1")) "api_clus1" else "api_srs"
  d <- designs[[dname]]
  share_ci(dataset, dname, d, "award_yes", "", both)
  share_ci(dataset, dname, d, "award_yes", "stype",
           if (survey:::is.calibrated(d)) "logit" else both)
}
for (dname in names(syn_designs)) {
  d <- syn_designs[[dname]]
  calibrated <- survey:::is.calibrated(d)
  for (v in c("after_hours_weekly", "wish_weekly", "home_office_weekly",
              "written_agreement_yes")) {
    # Whole sample: the missing answers leave the subset, so a calibrated
    # design keeps them as rows; Korn-Graubard only without calibration.
    share_ci("synthetic", dname, d, v, "", if (calibrated) "logit" else both)
    share_ci("synthetic", dname, d, v, "gender", if (calibrated) "logit" else both)
    share_ci("synthetic", dname, d, v, "ho_group", if (calibrated) "logit" else both)
  }
}
write.csv(do.call(rbind, ci_rows), file.path(out_dir, "share_intervals.csv"), row.names = FALSE)

# ------------------------------------------- trends with each round's margins
# The earlier round stood for another population (more men, older): raked to
# its own margins, not to today's. tests/analysis/test_r_reference.py checks
# the trend table's "previous" against these and "current" against the raked
# design above.
pop_before <- pop
pop_before[[2]]$Freq <- c(2600, 3280, 120)            # female, male, other
pop_before[[3]]$Freq <- c(600, 1200, 1500, 1700, 1000) # <30 ... 60+
write.csv(
  rbind(
    data.frame(variable = "unit", category = pop_before[[1]]$unit, count = pop_before[[1]]$Freq),
    data.frame(variable = "gender", category = pop_before[[2]]$gender, count = pop_before[[2]]$Freq),
    data.frame(variable = "age_group", category = pop_before[[3]]$age_group,
               count = pop_before[[3]]$Freq)
  ),
  file.path(data_dir, "synthetic_margins_before.csv"), row.names = FALSE, quote = FALSE
)
before <- rake(base, rake_margins, pop_before)
trend_rows <- list()
for (v in c("burnout", "meaning", "after_hours_weekly", "home_office_weekly")) {
  for (round in c("current", "previous")) {
    d <- if (round == "current") syn_designs$raked else before
    r <- svymean(as.formula(paste0("~", v)), d, na.rm = TRUE)
    trend_rows[[length(trend_rows) + 1]] <- data.frame(
      variable = v, round = round, estimate = num(coef(r)), se = num(SE(r))
    )
  }
}
write.csv(do.call(rbind, trend_rows), file.path(out_dir, "own_margins.csv"), row.names = FALSE)
