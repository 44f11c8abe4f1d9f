//! The lessons: one-click scenarios for the situations a Job course walks through
//! (spec/playground.md "Lessons"), each with a short text of what to watch for, in every
//! language of the interface. The scenarios are ordinary scenario files; the tests run each to
//! its teaching moment.

use crate::lang::Language;

/// A preset scenario and what it teaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// A stable name (used in links and tests).
    pub id: &'static str,
    /// The scenario file.
    pub scenario: &'static str,
    title: Words,
    watch_for: Words,
}

/// A text in English and in Simplified Chinese.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Words {
    en: &'static str,
    zh: &'static str,
}

impl Words {
    fn get(self, lang: Language) -> &'static str {
        match lang {
            Language::English => self.en,
            Language::SimplifiedChinese => self.zh,
        }
    }
}

impl Lesson {
    pub fn title(&self, lang: Language) -> &'static str {
        self.title.get(lang)
    }

    /// What the learner should watch for while the lesson runs.
    pub fn watch_for(&self, lang: Language) -> &'static str {
        self.watch_for.get(lang)
    }
}

/// The lesson with this id.
pub fn find(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

/// Every lesson, in the order a course teaches them.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "pi",
        scenario: include_str!("scenarios/pi.yaml"),
        title: Words {
            en: "A single Job: compute pi",
            zh: "单个 Job：计算圆周率",
        },
        watch_for: Words {
            en: "One pod is created, pulls perl, computes 2,000 digits of pi and ends Completed; \
                 the Job shows COMPLETIONS 1/1. Its log holds the digits.",
            zh: "Job 创建一个 Pod，拉取 perl 镜像，计算圆周率的 2000 位后以 Completed 结束；\
                 Job 的 COMPLETIONS 显示 1/1，Pod 的日志里就是这些数字。",
        },
    },
    Lesson {
        id: "serial",
        scenario: include_str!("scenarios/serial.yaml"),
        title: Words {
            en: "Serial completions",
            zh: "串行完成（completions）",
        },
        watch_for: Words {
            en: "completions: 5 with the default parallelism 1: one pod at a time, the next \
                 created only when the previous one succeeded, until 5/5.",
            zh: "completions 为 5、parallelism 取默认值 1：每次只有一个 Pod，前一个成功后才创建\
                 下一个，直到 5/5。",
        },
    },
    Lesson {
        id: "parallel",
        scenario: include_str!("scenarios/parallel.yaml"),
        title: Words {
            en: "Parallel with fixed completions",
            zh: "固定完成数的并行 Job",
        },
        watch_for: Words {
            en: "completions: 6, parallelism: 2: two pods run at once, and each success makes \
                 room for the next, until 6/6.",
            zh: "completions 为 6、parallelism 为 2：同时运行两个 Pod，每成功一个就补上一个，\
                 直到 6/6。",
        },
    },
    Lesson {
        id: "puzzle",
        scenario: include_str!("scenarios/puzzle.yaml"),
        title: Words {
            en: "Parallelism 4, completions 2",
            zh: "parallelism 4、completions 2 之谜",
        },
        watch_for: Words {
            en: "The controller never runs more pods than completions still need: only 2 pods \
                 start, not 4.",
            zh: "控制器不会运行多于剩余完成数的 Pod：只启动 2 个 Pod，而不是 4 个。",
        },
    },
    Lesson {
        id: "scale",
        scenario: include_str!("scenarios/scale.yaml"),
        title: Words {
            en: "Scaling parallelism mid-run",
            zh: "运行中调整并行度",
        },
        watch_for: Words {
            en: "Two pods at a time until 30 s, when `kubectl scale job scale --replicas=4` \
                 raises parallelism: two more pods start at once, and from then on four run \
                 together until 8/8. kubectl warns that scaling Jobs is deprecated.",
            zh: "30 秒前每次运行两个 Pod；30 秒时 `kubectl scale job scale --replicas=4` 把并行度\
                 调到 4：立刻多出两个 Pod，此后四个同时运行，直到 8/8。kubectl 会提示 scale Job \
                 已被弃用。",
        },
    },
    Lesson {
        id: "expansion",
        scenario: include_str!("scenarios/expansion.yaml"),
        title: Words {
            en: "One Job per item from a template",
            zh: "用模板为每个条目生成一个 Job",
        },
        watch_for: Words {
            en: "Three Jobs made from one template share the label jobgroup=jobexample: \
                 `kubectl get jobs -l jobgroup=jobexample` lists them together.",
            zh: "由同一模板生成的三个 Job 共享标签 jobgroup=jobexample：\
                 `kubectl get jobs -l jobgroup=jobexample` 可以一起列出它们。",
        },
    },
    Lesson {
        id: "backoff-never",
        scenario: include_str!("scenarios/backoff-never.yaml"),
        title: Words {
            en: "A failing pod under restartPolicy: Never",
            zh: "restartPolicy: Never 下失败的 Pod",
        },
        watch_for: Words {
            en: "Each failure ends its pod (Error) and the controller creates a new one after \
                 a growing delay: 10 s, then 20 s, then 40 s. After backoffLimit: 3 the Job \
                 fails with BackoffLimitExceeded.",
            zh: "每次失败，Pod 以 Error 结束，控制器在逐渐变长的等待后创建新 Pod：10 秒、20 秒、\
                 40 秒。超过 backoffLimit: 3 后 Job 以 BackoffLimitExceeded 失败。",
        },
    },
    Lesson {
        id: "crashloop",
        scenario: include_str!("scenarios/crashloop.yaml"),
        title: Words {
            en: "A failing container under restartPolicy: OnFailure",
            zh: "restartPolicy: OnFailure 下失败的容器",
        },
        watch_for: Words {
            en: "The same pod stays; the kubelet restarts its container in place with \
                 CrashLoopBackOff (10 s, 20 s, 40 s …) and RESTARTS grows. Restarts count \
                 against backoffLimit.",
            zh:
                "Pod 不变，kubelet 在原地重启容器并进入 CrashLoopBackOff（10 秒、20 秒、40 秒……），\
                 RESTARTS 不断增加；重启次数计入 backoffLimit。",
        },
    },
    Lesson {
        id: "backoff-limit",
        scenario: include_str!("scenarios/backoff-limit.yaml"),
        title: Words {
            en: "backoffLimit reached",
            zh: "达到 backoffLimit",
        },
        watch_for: Words {
            en: "With backoffLimit: 1 the second failure ends the Job: condition Failed, \
                 reason BackoffLimitExceeded, \"Job has reached the specified backoff limit\".",
            zh: "backoffLimit 为 1 时，第二次失败就结束 Job：Failed 状况，原因 \
                 BackoffLimitExceeded，“Job has reached the specified backoff limit”。",
        },
    },
    Lesson {
        id: "deadline",
        scenario: include_str!("scenarios/deadline.yaml"),
        title: Words {
            en: "activeDeadlineSeconds",
            zh: "activeDeadlineSeconds 截止时间",
        },
        watch_for: Words {
            en: "The pod would run 120 s but the Job may only be active 30 s: at 30 s the \
                 controller deletes the running pod and marks the Job FailureTarget \
                 (DeadlineExceeded); once the pod has terminated (its 30 s grace period) the \
                 Job is Failed with DeadlineExceeded.",
            zh: "Pod 需要运行 120 秒，但 Job 只允许活跃 30 秒：到 30 秒时控制器删除运行中的 Pod，\
                 并给 Job 加上 FailureTarget（DeadlineExceeded）；Pod 终止后（30 秒宽限期），\
                 Job 以 DeadlineExceeded 失败（Failed）。",
        },
    },
    Lesson {
        id: "suspend",
        scenario: include_str!("scenarios/suspend.yaml"),
        title: Words {
            en: "Suspend, then resume",
            zh: "挂起，然后恢复",
        },
        watch_for: Words {
            en: "At 15 s the Job is patched to suspend: true — its running pods are deleted \
                 (Terminating, then killed when the 30 s grace period ends) and the Job says \
                 Suspended. At 60 s suspend: false resumes it: new pods start, the start time \
                 is reset, and the Job completes 4/4.",
            zh: "15 秒时把 Job 的 suspend 改为 true：运行中的 Pod 被删除（先 Terminating，\
                 30 秒宽限期结束后被杀死），Job 显示 Suspended。60 秒时改回 false 恢复：\
                 新的 Pod 启动，开始时间被重置，Job 最终 4/4 完成。",
        },
    },
    Lesson {
        id: "ttl",
        scenario: include_str!("scenarios/ttl.yaml"),
        title: Words {
            en: "TTL cleanup after finishing",
            zh: "结束后按 TTL 自动清理",
        },
        watch_for: Words {
            en: "ttlSecondsAfterFinished: 30 — 30 s after the Job completes, the TTL controller \
                 deletes it, and the garbage collector deletes its pod.",
            zh: "ttlSecondsAfterFinished 为 30：Job 完成 30 秒后，TTL 控制器删除它，垃圾回收器\
                 随后删除它的 Pod。",
        },
    },
    Lesson {
        id: "indexed",
        scenario: include_str!("scenarios/indexed.yaml"),
        title: Words {
            en: "An Indexed Job",
            zh: "带索引的 Job（Indexed）",
        },
        watch_for: Words {
            en: "Each pod gets its own index 0–4 (in its name, its annotation and \
                 $JOB_COMPLETION_INDEX); the Job completes when every index has succeeded.",
            zh: "每个 Pod 得到自己的索引 0–4（体现在名字、注解和 $JOB_COMPLETION_INDEX 中）；\
                 每个索引都成功后 Job 完成。",
        },
    },
    Lesson {
        id: "pod-failure-policy",
        scenario: include_str!("scenarios/pod-failure-policy.yaml"),
        title: Words {
            en: "Pod failure policy: ignore disruptions",
            zh: "Pod 失败策略：忽略干扰",
        },
        watch_for: Words {
            en: "backoffLimit is 0, yet the Job survives two evictions: each evicted pod gets \
                 the DisruptionTarget condition, the Ignore rule matches it, the failure is not \
                 counted (failed stays 0) and the index gets a new pod once the old one has \
                 fully terminated.",
            zh: "backoffLimit 为 0，Job 却挺过了两次驱逐：被驱逐的 Pod 带有 DisruptionTarget \
                 状况，命中 Ignore 规则，这次失败不计数（failed 始终为 0），旧 Pod 完全终止后，\
                 该索引会得到一个新 Pod。",
        },
    },
    Lesson {
        id: "node-eviction",
        scenario: include_str!("scenarios/node-eviction.yaml"),
        title: Words {
            en: "A node evicts its pods: replaced elsewhere",
            zh: "节点驱逐 Pod：在别处替换",
        },
        watch_for: Words {
            en: "At 20 s node-a is cordoned and its kubelet evicts both pods there (Evicted, \
                 The node was low on resource: memory). They count as failures, so after the \
                 backoff the Job creates two replacements — on node-b, since node-a is \
                 cordoned — and completes 4/4 with failed 2.",
            zh: "20 秒时 node-a 被封锁（cordon），其 kubelet 驱逐了上面的两个 Pod（Evicted，\
                 节点内存不足）。它们算作失败，退避之后 Job 创建两个替代 Pod——因为 node-a \
                 已封锁，它们落在 node-b 上——最终 4/4 完成，failed 为 2。",
        },
    },
    Lesson {
        id: "sidecar",
        scenario: include_str!("scenarios/sidecar.yaml"),
        title: Words {
            en: "Init containers and a sidecar",
            zh: "Init 容器与边车容器",
        },
        watch_for: Words {
            en: "The init container fetch runs first (Init:0/2); then the sidecar log-shipper \
                 starts and work starts beside it (READY 2/2). When work has completed, the \
                 kubelet stops the sidecar — but its shell ignores SIGTERM, so the pod, and the \
                 Job, complete only when the 30 s grace period ends.",
            zh: "先运行 init 容器 fetch（Init:0/2）；然后边车容器 log-shipper 启动，work 随即在\
                 它旁边运行（READY 2/2）。work 完成后，kubelet 停止边车——但它的 shell 忽略 \
                 SIGTERM，所以 Pod 和 Job 要等 30 秒宽限期结束才完成。",
        },
    },
    Lesson {
        id: "queue-one-per-pod",
        scenario: include_str!("scenarios/queue-one-per-pod.yaml"),
        title: Words {
            en: "Work queue: one item per pod",
            zh: "工作队列：每个 Pod 处理一个条目",
        },
        watch_for: Words {
            en: "completions equals the 8 items of the queue; each pod takes one message \
                 (amqp-consume -c 1), processes it and exits, two at a time. The queue drains \
                 by one with every pod.",
            zh: "completions 等于队列中的 8 个条目；每个 Pod 取一条消息（amqp-consume -c 1），\
                 处理后退出，每次两个。每个 Pod 让队列减少一条。",
        },
    },
    Lesson {
        id: "queue-workers",
        scenario: include_str!("scenarios/queue-workers.yaml"),
        title: Words {
            en: "Work queue: workers until the queue is empty",
            zh: "工作队列：工作者处理到队列为空",
        },
        watch_for: Words {
            en: "No completions: two workers loop over the queue until it is empty. When the \
                 first one succeeds, no new pod is created, and the Job completes once both \
                 have ended (COMPLETIONS 2/1 of 2).",
            zh: "不设 completions：两个工作者循环处理队列直到为空。第一个成功后不再创建新 Pod，\
                 两个都结束后 Job 完成（COMPLETIONS 显示 2/1 of 2）。",
        },
    },
    Lesson {
        id: "cronjob-allow",
        scenario: include_str!("scenarios/cronjob-allow.yaml"),
        title: Words {
            en: "CronJob every minute, concurrencyPolicy: Allow",
            zh: "每分钟一次的 CronJob，concurrencyPolicy: Allow",
        },
        watch_for: Words {
            en: "A Job is created at every minute even though each runs 90 s: with Allow, two \
                 runs overlap. Job names end in the scheduled time in minutes.",
            zh: "每分钟都创建一个 Job，尽管每个要运行 90 秒：Allow 允许两次运行重叠。\
                 Job 名字的后缀是调度时间（分钟数）。",
        },
    },
    Lesson {
        id: "cronjob-forbid",
        scenario: include_str!("scenarios/cronjob-forbid.yaml"),
        title: Words {
            en: "CronJob every minute, concurrencyPolicy: Forbid",
            zh: "每分钟一次的 CronJob，concurrencyPolicy: Forbid",
        },
        watch_for: Words {
            en: "While a run is active the next one is skipped (JobAlreadyActive). When the \
                 active one finishes, the missed schedule starts late, at once.",
            zh: "有运行中的 Job 时，下一次被跳过（JobAlreadyActive）。运行中的 Job 结束后，\
                 错过的那次调度立即补跑（晚于预定时间）。",
        },
    },
    Lesson {
        id: "cronjob-replace",
        scenario: include_str!("scenarios/cronjob-replace.yaml"),
        title: Words {
            en: "CronJob every minute, concurrencyPolicy: Replace",
            zh: "每分钟一次的 CronJob，concurrencyPolicy: Replace",
        },
        watch_for: Words {
            en: "At each minute the running Job is deleted (SuccessfulDelete) and a new one \
                 created: no run ever completes, because each lasts 90 s.",
            zh: "每到一分钟，正在运行的 Job 被删除（SuccessfulDelete）并创建新的 Job：\
                 因为每次要运行 90 秒，没有一次能完成。",
        },
    },
    Lesson {
        id: "cronjob-history",
        scenario: include_str!("scenarios/cronjob-history.yaml"),
        title: Words {
            en: "CronJob history limits and startingDeadlineSeconds",
            zh: "CronJob 的历史限制与 startingDeadlineSeconds",
        },
        watch_for: Words {
            en: "successfulJobsHistoryLimit: 2 — after the third successful run the oldest Job \
                 is deleted, so only the last two stay. startingDeadlineSeconds: 30 means a \
                 run more than 30 s late is not started at all: the control plane sleeps from \
                 3m10s to 4m40s, and on waking the 09:04 run is 40 s late — no Job for it, \
                 the ruler marks the slot missed, and the 09:05 run starts on time.",
            zh: "successfulJobsHistoryLimit 为 2：第三次成功后最早的 Job 被删除，只保留最近两个。\
                 startingDeadlineSeconds 为 30：晚于预定时间 30 秒以上的运行不再启动——控制平面\
                 从 3m10s 睡到 4m40s，醒来时 09:04 的运行已晚 40 秒，不会为它创建 Job，时间尺上\
                 该时刻标为错过，09:05 的运行则准时开始。",
        },
    },
];
