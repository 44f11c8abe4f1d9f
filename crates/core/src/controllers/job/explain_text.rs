//! The explanation of a sync in words, in English or Simplified Chinese. The record itself is
//! in `explain.rs`; this file only words it.

use jiff::SignedDuration;

use crate::lang::Language;

use super::explain::{Act, BackoffWait, DeleteReason, Explanation, Idle, Skip, Verdict, Want};

/// The explanation as sentences, one per line.
pub fn render(ex: &Explanation, language: Language) -> Vec<String> {
    let zh = language == Language::SimplifiedChinese;
    let t = |en: String, cn: String| if zh { cn } else { en };
    let mut lines = Vec::new();
    if let Some(skip) = &ex.skipped {
        lines.push(match skip {
            Skip::ManagedElsewhere(who) => t(
                format!("Nothing done: spec.managedBy is {who:?}, so another controller manages this Job."),
                format!("未做任何事：spec.managedBy 为 {who:?}，此 Job 由其他控制器管理。"),
            ),
            Skip::AlreadyFinished(kind) => t(
                format!("Nothing done: the Job already has the {kind} condition; its backoff record is dropped."),
                format!("未做任何事：Job 已有 {kind} 条件；其退避记录被丢弃。"),
            ),
            Skip::UnknownCompletionMode(mode) => t(
                format!("Sync skipped: completion mode {mode:?} is unknown (Warning UnknownCompletionMode)."),
                format!("跳过同步：完成模式 {mode:?} 未知（Warning UnknownCompletionMode）。"),
            ),
        });
        return lines;
    }
    let p = &ex.pods;
    lines.push(t(
        format!(
            "Saw {} pod(s): {} active ({} ready), {} terminating, {} newly succeeded, {} newly failed, {} failure(s) ignored by the pod failure policy, {} already counted.",
            p.total, p.active, p.ready, p.terminating, p.new_succeeded, p.new_failed, p.new_ignored, p.already_counted
        ),
        format!(
            "看到 {} 个 Pod：{} 个活跃（{} 个就绪），{} 个正在终止，{} 个新成功，{} 个新失败，{} 个失败被 Pod 失败策略忽略，{} 个已计数。",
            p.total, p.active, p.ready, p.terminating, p.new_succeeded, p.new_failed, p.new_ignored, p.already_counted
        ),
    ));
    if ex.started {
        lines.push(t(
            format!("startTime set to {}.", ex.now),
            format!("startTime 设为 {}。", ex.now),
        ));
    }
    if let Some(verdict) = &ex.verdict {
        lines.push(verdict_line(verdict, zh));
    }
    if let Some(want) = &ex.want {
        lines.push(match want {
            Want::Completions { completions, succeeded, parallelism, want } => t(
                format!("want = min(completions − succeeded, parallelism) = min({completions} − {succeeded}, {parallelism}) = {want}."),
                format!("期望活跃数 = min(completions − succeeded, parallelism) = min({completions} − {succeeded}, {parallelism}) = {want}。"),
            ),
            Want::WorkQueue { parallelism } => t(
                format!("Work-queue Job with no success yet: want = parallelism = {parallelism}."),
                format!("工作队列 Job 尚无成功：期望活跃数 = parallelism = {parallelism}。"),
            ),
            Want::WorkQueueKeep { active } => t(
                format!("Work-queue Job with a success: keep the {active} running pod(s), start none."),
                format!("工作队列 Job 已有成功：保留 {active} 个运行中的 Pod，不再启动新的。"),
            ),
        });
    }
    if let Some(act) = &ex.act {
        lines.push(act_line(act, zh));
    }
    if let (Some(backoff), false) = (&ex.backoff, matches!(ex.act, Some(Act::BackoffWait(_)))) {
        lines.push(backoff_record_line(backoff, zh));
    }
    if let Some(at) = ex.deadline_at {
        lines.push(t(
            format!("activeDeadlineSeconds expires at {at}; the controller looks again then."),
            format!("activeDeadlineSeconds 将于 {at} 到期；届时控制器会再次检查。"),
        ));
    }
    match ex.suspend_changed {
        Some(true) => lines.push(t(
            "Suspended condition set to True (event Suspended).".into(),
            "Suspended 条件设为 True（事件 Suspended）。".into(),
        )),
        Some(false) => lines.push(t(
            "Suspended condition set to False (event Resumed); startTime reset to now.".into(),
            "Suspended 条件设为 False（事件 Resumed）；startTime 重置为当前时间。".into(),
        )),
        None => {}
    }
    if ex.uncounted_cap_reached {
        lines.push(t(
            "500 finished pods were counted in this sync (the cap); the rest wait for the next sync.".into(),
            "本次同步已计数 500 个结束的 Pod（上限）；其余等待下一次同步。".into(),
        ));
    }
    if ex.waiting_for_terminating > 0 {
        lines.push(t(
            format!(
                "The terminal condition waits until {} terminating pod(s) are gone.",
                ex.waiting_for_terminating
            ),
            format!(
                "终止条件需等待 {} 个正在终止的 Pod 消失。",
                ex.waiting_for_terminating
            ),
        ));
    }
    if let Some(kind) = &ex.finished {
        lines.push(t(
            format!("The Job is now {kind}."),
            format!("Job 现为 {kind}。"),
        ));
    }
    lines.push(t(
        format!("Status: succeeded {}, failed {}.", ex.succeeded, ex.failed),
        format!("状态：成功 {}，失败 {}。", ex.succeeded, ex.failed),
    ));
    if ex.indexed {
        lines.push(t(
            format!(
                "completedIndexes {:?}, failedIndexes {:?}.",
                ex.completed_indexes,
                ex.failed_indexes.clone().unwrap_or_default()
            ),
            format!(
                "completedIndexes {:?}，failedIndexes {:?}。",
                ex.completed_indexes,
                ex.failed_indexes.clone().unwrap_or_default()
            ),
        ));
    }
    lines.push(match ex.requeue_after {
        Some(d) => t(
            format!("Next sync in {} unless something changes.", secs(d)),
            format!("若无其他变化，{} 后再次同步。", secs(d)),
        ),
        None => t(
            "No timed re-sync: the next sync waits for a change.".into(),
            "无定时重新同步：下一次同步等待变化触发。".into(),
        ),
    });
    lines
}

fn verdict_line(verdict: &Verdict, zh: bool) -> String {
    let t = |en: String, cn: String| if zh { cn } else { en };
    match verdict {
        Verdict::SuccessCriteriaAlreadyMet => t(
            "SuccessCriteriaMet is already True: the Job is finishing successfully.".into(),
            "SuccessCriteriaMet 已为 True：Job 正在成功结束。".into(),
        ),
        Verdict::FailureTargetAlreadySet(reason) => t(
            format!("FailureTarget is already True ({reason}): the Job is finishing as failed."),
            format!("FailureTarget 已为 True（{reason}）：Job 正在以失败结束。"),
        ),
        Verdict::PodFailurePolicy { pod, rule, message } => t(
            format!("Pod {pod} matched FailJob rule {rule} of the pod failure policy: FailureTarget (PodFailurePolicy): {message}."),
            format!("Pod {pod} 匹配了 Pod 失败策略的第 {rule} 条 FailJob 规则：FailureTarget（PodFailurePolicy）：{message}。"),
        ),
        Verdict::BackoffLimit { failed, limit } => t(
            format!("failed {failed} > backoffLimit {limit}: FailureTarget (BackoffLimitExceeded)."),
            format!("失败数 {failed} > backoffLimit {limit}：FailureTarget（BackoffLimitExceeded）。"),
        ),
        Verdict::RestartsOnFailure { restarts, limit } => {
            let rule = if *limit == 0 { "> 0".to_string() } else { format!("≥ backoffLimit {limit}") };
            t(
                format!("restartPolicy OnFailure: {restarts} container restart(s) {rule}: FailureTarget (BackoffLimitExceeded)."),
                format!("restartPolicy 为 OnFailure：容器重启 {restarts} 次 {rule}：FailureTarget（BackoffLimitExceeded）。"),
            )
        }
        Verdict::Deadline { start, seconds, elapsed } => t(
            format!("Active since {start} for {}, ≥ activeDeadlineSeconds {seconds}: FailureTarget (DeadlineExceeded).", secs(*elapsed)),
            format!("自 {start} 起已运行 {}，≥ activeDeadlineSeconds {seconds}：FailureTarget（DeadlineExceeded）。", secs(*elapsed)),
        ),
        Verdict::MaxFailedIndexes { failed, max } => t(
            format!("{failed} failed index(es) > maxFailedIndexes {max}: FailureTarget (MaxFailedIndexesExceeded)."),
            format!("{failed} 个失败索引 > maxFailedIndexes {max}：FailureTarget（MaxFailedIndexesExceeded）。"),
        ),
        Verdict::FailedIndexes { failed, succeeded, completions } => t(
            format!("Every index is done ({succeeded} succeeded + {failed} failed ≥ {completions}) and some failed: FailureTarget (FailedIndexes)."),
            format!("所有索引均已结束（{succeeded} 成功 + {failed} 失败 ≥ {completions}）且有失败：FailureTarget（FailedIndexes）。"),
        ),
        Verdict::SuccessPolicy { rule } => t(
            format!("Success policy rule {rule} is satisfied: SuccessCriteriaMet (SuccessPolicy)."),
            format!("成功策略第 {rule} 条规则已满足：SuccessCriteriaMet（SuccessPolicy）。"),
        ),
        Verdict::CompletionsReached { succeeded, completions } => t(
            format!("succeeded {succeeded} ≥ completions {completions} and no pod active: SuccessCriteriaMet (CompletionsReached)."),
            format!("成功数 {succeeded} ≥ completions {completions} 且无活跃 Pod：SuccessCriteriaMet（CompletionsReached）。"),
        ),
        Verdict::WorkQueueDrained { succeeded } => t(
            format!("Work-queue Job: {succeeded} pod(s) succeeded and none is active: SuccessCriteriaMet (CompletionsReached)."),
            format!("工作队列 Job：{succeeded} 个 Pod 成功且无活跃 Pod：SuccessCriteriaMet（CompletionsReached）。"),
        ),
    }
}

fn act_line(act: &Act, zh: bool) -> String {
    let t = |en: String, cn: String| if zh { cn } else { en };
    match act {
        Act::Created { count, indexes, batches, diff, terminating_counted, capped } => {
            let mut en = format!("Created {count} pod(s) (want − active − terminating counted = {diff}, terminating counted {terminating_counted})");
            let mut cn = format!("创建了 {count} 个 Pod（期望 − 活跃 − 计入的终止中 = {diff}，计入的终止中 {terminating_counted}）");
            if !indexes.is_empty() {
                en += &format!(" for indexes {indexes:?}");
                cn += &format!("，索引 {indexes:?}");
            }
            if *capped {
                en += ", capped at 500 per sync";
                cn += "，每次同步上限 500";
            }
            let sizes: Vec<String> = batches.iter().map(i64::to_string).collect();
            t(
                format!("{en}, in slow-start batches of {}.", sizes.join(", ")),
                format!("{cn}，按慢启动批次 {} 创建。", sizes.join("、")),
            )
        }
        Act::CreateRefused { wanted, error } => t(
            format!("Creating {wanted} pod(s) failed: the API server refused the first ({error}); the slow start skipped the rest, and the Job is synced again after the API backoff (1 s, doubling to 60 s)."),
            format!("创建 {wanted} 个 Pod 失败：API 服务器拒绝了第一个（{error}）；慢启动跳过了其余的，Job 在 API 退避（1 秒起翻倍，至多 60 秒）后再次同步。"),
        ),
        Act::Deleted { count, reason, capped } => {
            let (en, cn) = match reason {
                DeleteReason::Finishing => (
                    format!("Deleted {count} active pod(s) because the Job is finishing."),
                    format!("因 Job 正在结束，删除了 {count} 个活跃 Pod。"),
                ),
                DeleteReason::Suspended => (
                    format!("Deleted {count} active pod(s) because the Job is suspended (not counted as failures)."),
                    format!("因 Job 已暂停，删除了 {count} 个活跃 Pod（不计为失败）。"),
                ),
                DeleteReason::Surplus { want, duplicates } => (
                    format!("Deleted {count} pod(s): more active than the {want} wanted ({duplicates} with a duplicate or invalid index); a sync that deletes creates nothing."),
                    format!("删除了 {count} 个 Pod：活跃数超过期望的 {want}（其中 {duplicates} 个索引重复或无效）；删除的同步不会创建。"),
                ),
            };
            let cap = if *capped { t(" (capped at 500 per sync)".into(), "（每次同步上限 500）".into()) } else { String::new() };
            t(en, cn) + &cap
        }
        Act::BackoffWait(wait) => backoff_line(wait, zh),
        Act::IndexBackoffWait { indexes, remaining } => t(
            format!("Indexes {indexes:?} wait for their own backoff; the soonest ends in {}.", secs(*remaining)),
            format!("索引 {indexes:?} 等待各自的退避；最早的在 {} 后结束。", secs(*remaining)),
        ),
        Act::Nothing(idle) => match idle {
            Idle::Satisfied { want, active, terminating_counted } => t(
                format!("Nothing to create or delete: {active} active + {terminating_counted} terminating counted ≥ want {want}."),
                format!("无需创建或删除：{active} 个活跃 + {terminating_counted} 个计入的终止中 ≥ 期望 {want}。"),
            ),
            Idle::JobBeingDeleted => t(
                "The Job is being deleted: no pod is created or deleted.".into(),
                "Job 正在被删除：不创建也不删除 Pod。".into(),
            ),
            Idle::Finishing => t("The Job is finishing and has no active pod.".into(), "Job 正在结束且没有活跃 Pod。".into()),
            Idle::SuspendedIdle => t("The Job is suspended and has no active pod.".into(), "Job 已暂停且没有活跃 Pod。".into()),
        },
    }
}

fn backoff_line(w: &BackoffWait, zh: bool) -> String {
    let cap_en = if w.capped {
        "the 10-minute cap of Kubernetes 1.35's code (the documentation still says 6 minutes)"
    } else {
        "10 s doubled per failure; Kubernetes 1.35's code caps it at 10 minutes, the documentation still says 6"
    };
    let cap_zh = if w.capped {
        "Kubernetes 1.35 代码中的 10 分钟上限（文档仍写 6 分钟）"
    } else {
        "每次失败 10 秒翻倍；Kubernetes 1.35 代码上限 10 分钟，文档仍写 6 分钟"
    };
    if zh {
        format!(
            "Pod 退避生效：自上次成功以来失败 {} 次，延迟 {}（{cap_zh}），直到 {}；还剩 {}，暂不创建 Pod。",
            w.failures,
            secs(w.delay),
            w.until,
            secs(w.remaining)
        )
    } else {
        format!(
            "Pod backoff in force: {} failure(s) since the last success give a delay of {} ({cap_en}), until {}; {} left, so no pod is created yet.",
            w.failures,
            secs(w.delay),
            w.until,
            secs(w.remaining)
        )
    }
}

/// The backoff state when it did not hold creation back in this sync.
fn backoff_record_line(w: &BackoffWait, zh: bool) -> String {
    let (state_en, state_zh) = if w.remaining > SignedDuration::ZERO {
        (
            format!("runs until {} ({} left)", w.until, secs(w.remaining)),
            format!("持续到 {}（还剩 {}）", w.until, secs(w.remaining)),
        )
    } else {
        (
            format!("ended at {}", w.until),
            format!("已于 {} 结束", w.until),
        )
    };
    if zh {
        format!(
            "Pod 退避：自上次成功以来失败 {} 次，延迟 {}（Kubernetes 1.35 代码上限 10 分钟，文档仍写 6 分钟），{state_zh}。",
            w.failures,
            secs(w.delay)
        )
    } else {
        format!(
            "Pod backoff: {} failure(s) since the last success give a delay of {} (capped at 10 minutes in Kubernetes 1.35's code; the documentation still says 6), which {state_en}.",
            w.failures,
            secs(w.delay)
        )
    }
}

fn secs(d: SignedDuration) -> String {
    let millis = d.as_millis();
    if millis % 1000 == 0 {
        format!("{}s", millis / 1000)
    } else {
        format!("{:.3}s", millis as f64 / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::controllers::job::explain::PodTally;
    use jiff::Timestamp;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap_or_default()
    }

    fn waiting() -> Explanation {
        let mut ex = Explanation::new(at("2026-01-01T00:10:00Z"));
        ex.pods = PodTally {
            total: 1,
            new_failed: 1,
            ..PodTally::default()
        };
        ex.want = Some(Want::Completions {
            completions: 4,
            succeeded: 1,
            parallelism: 2,
            want: 2,
        });
        ex.act = Some(Act::BackoffWait(BackoffWait {
            failures: 7,
            delay: SignedDuration::from_secs(600),
            capped: true,
            last_failure: Some(at("2026-01-01T00:09:00Z")),
            until: at("2026-01-01T00:19:00Z"),
            remaining: SignedDuration::from_secs(540),
        }));
        ex.requeue_after = Some(SignedDuration::from_secs(540));
        ex
    }

    #[test]
    fn the_words_carry_the_numbers_of_the_record() {
        let lines = render(&waiting(), Language::English).join("\n");
        for needle in [
            "want = min(completions − succeeded, parallelism) = min(4 − 1, 2) = 2.",
            "7 failure(s) since the last success give a delay of 600s",
            "the 10-minute cap of Kubernetes 1.35's code (the documentation still says 6 minutes)",
            "until 2026-01-01T00:19:00Z; 540s left",
            "Next sync in 540s",
        ] {
            assert!(lines.contains(needle), "missing {needle:?} in:\n{lines}");
        }
    }

    #[test]
    fn chinese_words_carry_the_same_numbers() {
        let lines = render(&waiting(), Language::SimplifiedChinese).join("\n");
        for needle in [
            "min(4 − 1, 2) = 2。",
            "失败 7 次，延迟 600s",
            "10 分钟上限（文档仍写 6 分钟）",
            "540s 后再次同步",
        ] {
            assert!(lines.contains(needle), "missing {needle:?} in:\n{lines}");
        }
    }

    #[test]
    fn a_skipped_sync_says_why_and_nothing_else() {
        let mut ex = Explanation::new(at("2026-01-01T00:10:00Z"));
        ex.skipped = Some(Skip::ManagedElsewhere("example.com/queue".into()));
        let lines = render(&ex, Language::English);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].contains("\"example.com/queue\""));
        assert_eq!(Language::parse("zh-CN"), Some(Language::SimplifiedChinese));
        assert_eq!(Language::parse("fr"), None);
    }
}
