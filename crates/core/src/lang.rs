//! The two languages jobsim speaks: every text for people (explanations, schedules in words, the
//! interface) is written in English and Simplified Chinese.

/// A language of jobsim's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    English,
    SimplifiedChinese,
}

impl Language {
    /// Both languages, in the order a language switch shows them.
    pub const ALL: [Language; 2] = [Language::SimplifiedChinese, Language::English];

    /// A language named exactly: `en` or `zh` (also `en-US`, `en-GB`, `zh-CN`, `zh-Hans`), as the
    /// command line's `--lang` takes it.
    pub fn parse(tag: &str) -> Option<Language> {
        match tag {
            "en" | "en-US" | "en-GB" => Some(Language::English),
            "zh" | "zh-CN" | "zh-Hans" => Some(Language::SimplifiedChinese),
            _ => None,
        }
    }

    /// The language for any BCP 47 tag, such as a browser's `navigator.language`: every Chinese
    /// tag gives Simplified Chinese, everything else English.
    pub fn from_tag(tag: &str) -> Language {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("zh") {
            Language::SimplifiedChinese
        } else {
            Language::English
        }
    }

    /// The BCP 47 tag: `en` or `zh-CN`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::SimplifiedChinese => "zh-CN",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_tags_give_chinese_and_all_others_english() {
        let cases = [
            ("zh-CN", Language::SimplifiedChinese),
            ("zh", Language::SimplifiedChinese),
            ("zh-Hans-CN", Language::SimplifiedChinese),
            ("ZH_tw", Language::SimplifiedChinese),
            ("en-US", Language::English),
            ("de", Language::English),
            ("", Language::English),
            ("zhx", Language::English),
        ];
        for (tag, want) in cases {
            assert_eq!(Language::from_tag(tag), want, "tag {tag:?}");
        }
    }

    #[test]
    fn each_language_round_trips_through_its_tag() {
        for lang in Language::ALL {
            assert_eq!(Language::from_tag(lang.tag()), lang);
            assert_eq!(Language::parse(lang.tag()), Some(lang));
        }
    }

    #[test]
    fn parse_takes_only_the_names_it_knows() {
        assert_eq!(Language::parse("fr"), None);
        assert_eq!(Language::parse("zh-TW"), None);
    }
}
