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
                 controller deletes the running pod and the Job fails with DeadlineExceeded.",
            zh: "Pod 需要运行 120 秒，但 Job 只允许活跃 30 秒：到 30 秒时控制器删除运行中的 Pod，\
                 Job 以 DeadlineExceeded 失败。",
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
];
