//! The interface's texts. Every text the page shows lives in one `Texts` table per language,
//! so a missing translation is a compile error rather than an English word in the Chinese page.

pub use jobsim_core::lang::Language;

/// The texts of the interface in `lang`.
pub fn texts(lang: Language) -> &'static Texts {
    match lang {
        Language::English => &EN,
        Language::SimplifiedChinese => &ZH,
    }
}

/// What one region of the page is called and what it says while it is empty.
pub struct RegionTexts {
    pub title: &'static str,
    pub empty: &'static str,
}

/// Every text of the interface in one language.
pub struct Texts {
    /// The language's own name, shown on the language switch.
    pub language_name: &'static str,
    pub tagline: &'static str,
    pub follows_kubernetes: &'static str,
    pub language_switch: &'static str,
    pub editor: RegionTexts,
    pub cluster: RegionTexts,
    pub jobs: RegionTexts,
    pub clock: RegionTexts,
    pub timeline: RegionTexts,
    pub events: RegionTexts,
    pub console: RegionTexts,
    pub panic_title: &'static str,
    pub panic_hint: &'static str,
}

const EN: Texts = Texts {
    language_name: "English",
    tagline: "A Kubernetes Job playground",
    follows_kubernetes: "Behaves as Kubernetes",
    language_switch: "Language",
    editor: RegionTexts {
        title: "Scenario",
        empty: "The scenario's YAML — Jobs, CronJobs, nodes and the timeline of actions — will be edited here, with each validation error marked at its line.",
    },
    cluster: RegionTexts {
        title: "Cluster",
        empty: "The virtual nodes will appear here as lanes, every pod a chip on its node showing its status, index and restarts.",
    },
    jobs: RegionTexts {
        title: "Jobs",
        empty: "Each Job and CronJob will have a card here: completions, active, succeeded and failed pods, backoff, deadline and TTL countdowns.",
    },
    clock: RegionTexts {
        title: "Clock",
        empty: "The virtual clock will run here: play, pause, speed, step to the next event, and the seed of the run.",
    },
    timeline: RegionTexts {
        title: "Timeline",
        empty: "A chart of active, succeeded and failed pods over virtual time will appear here, with your actions and the controllers' decisions marked.",
    },
    events: RegionTexts {
        title: "Events",
        empty: "The controllers' events will be listed here as kubectl describe shows them.",
    },
    console: RegionTexts {
        title: "Console",
        empty: "A kubectl console will answer here: get, describe, logs, scale, patch, delete and more.",
    },
    panic_title: "jobsim stopped because of an internal error.",
    panic_hint: "Reload the page to start again. The details are also in the browser console.",
};

const ZH: Texts = Texts {
    language_name: "中文",
    tagline: "Kubernetes Job 演练场",
    follows_kubernetes: "行为与 Kubernetes 一致",
    language_switch: "语言",
    editor: RegionTexts {
        title: "场景",
        empty: "在这里编辑场景的 YAML：Job、CronJob、节点和操作时间线；每个校验错误都会标在对应的行上。",
    },
    cluster: RegionTexts {
        title: "集群",
        empty: "虚拟节点会以泳道显示在这里，每个 Pod 是所在节点上的一个卡片，标明状态、索引和重启次数。",
    },
    jobs: RegionTexts {
        title: "作业",
        empty: "每个 Job 和 CronJob 都会在这里有一张卡片：完成数，活跃、成功和失败的 Pod，回退、截止时间和 TTL 倒计时。",
    },
    clock: RegionTexts {
        title: "时钟",
        empty: "虚拟时钟将在这里运行：播放、暂停、速度、单步到下一个事件，以及本次运行的种子。",
    },
    timeline: RegionTexts {
        title: "时间线",
        empty: "这里将显示活跃、成功和失败的 Pod 随虚拟时间变化的图表，并标出你的操作和控制器的决策。",
    },
    events: RegionTexts {
        title: "事件",
        empty: "控制器产生的事件将按 kubectl describe 的格式列在这里。",
    },
    console: RegionTexts {
        title: "控制台",
        empty: "kubectl 控制台将在这里应答：get、describe、logs、scale、patch、delete 等命令。",
    },
    panic_title: "jobsim 因内部错误而停止。",
    panic_hint: "请重新加载页面。详细信息也输出在浏览器控制台中。",
};
