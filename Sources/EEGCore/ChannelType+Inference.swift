import Foundation

extension ChannelType {
    /// The type a channel's label, unit and transducer text suggest, when no source declares
    /// one.
    ///
    /// Rules, in order (case-insensitive, on the label's words):
    /// 1. Status/trigger: label `Status`, `Trigger`, `TRIG`, `STI…`, `Event marker`, `Marker`,
    ///    `DIG …`/`DTRIG`; unit `Boolean`; transducer `Triggers and Status` or `Marker button`.
    /// 2. A type word in the label: `ECG`/`EKG` (also `ECG1`, `POL EKG2`, `ECG ECG`) → ecg;
    ///    `EOG`/`HEOG`/`VEOG`/`LOC`/`ROC` → eog; `EMG`/`Chin`/`submental` → emg;
    ///    `Resp`/`Thor…`/`Abd…`/`Airflow`/`Flow`/`Nasal`/`Therm…`/`oro-nasal` → resp;
    ///    `Temp`/`SpO2`/`SaO2`/`Pleth`/`Light`/`Position`/`Acc…` → misc.
    /// 3. Nihon Kohden polygraph inputs that are not scalp electrodes: `POL E` (the system
    ///    ground/reference), `POL X…` (extra inputs), `POL DC…` (DC inputs) → misc.
    /// 4. A unit that is not a voltage (`DegC`, `G`, `%`, `bpm`, …) → misc. An empty unit
    ///    (CSV input) says nothing.
    /// 5. Otherwise eeg.
    ///
    /// BIDS `channels.tsv` types (``ChannelDeclaration/type``) win over this; see
    /// ``Signal/channelType``.
    public static func inferred(label: String, unit: String, transducer: String = "")
        -> ChannelType
    {
        let upper = label.uppercased().trimmingCharacters(in: .whitespaces)
        let words = upper.split { !($0.isLetter || $0.isNumber) }.map(String.init)
        let transducerText = transducer.uppercased()
        let unitText = unit.trimmingCharacters(in: .whitespaces).lowercased()

        func hasWord(_ candidates: [String]) -> Bool {
            words.contains { word in candidates.contains { word.hasPrefix($0) } }
        }
        // 1. Status and trigger channels.
        if hasWord(["STATUS", "TRIG", "DTRIG", "MARKER"]) || words.first == "STI"
            || words.first.map({ $0.hasPrefix("STI") && $0.dropFirst(3).allSatisfy(\.isNumber) })
                == true
            || (words.first == "DIG") || (words.first == "EVENT")
            || unitText == "boolean"
            || transducerText.contains("TRIGGER") || transducerText.contains("MARKER")
        {
            return .status
        }
        // 2. Type words.
        if hasWord(["ECG", "EKG"]) { return .ecg }
        if hasWord(["EOG", "HEOG", "VEOG"]) || words.contains("LOC") || words.contains("ROC") {
            return .eog
        }
        if hasWord(["EMG", "CHIN", "SUBMENTAL"]) { return .emg }
        if hasWord(["RESP", "THOR", "ABDO", "AIRFLOW", "FLOW", "NASAL", "THERM"])
            || words.contains("ABD")
        {
            return .resp
        }
        if hasWord(["TEMP", "SPO2", "SAO2", "PLETH", "LIGHT", "POSITION", "ACC"]) {
            return .misc
        }
        // 3. Nihon Kohden non-scalp polygraph inputs.
        if words.first == "POL", words.count >= 2 {
            let name = words[1]
            if name == "E" { return .misc }
            if name.hasPrefix("X"), name.dropFirst().allSatisfy(\.isNumber) { return .misc }
            if name.hasPrefix("DC"), name.dropFirst(2).allSatisfy(\.isNumber) { return .misc }
        }
        // 4. Units that are not voltages.
        if !unitText.isEmpty, !Self.isVoltage(unitText) { return .misc }
        return .eeg
    }

    /// Whether a unit text names a voltage (`V`, `mV`, `uV`, `µV`, `μV`, `nV`).
    public static func isVoltage(_ unit: String) -> Bool {
        let text = unit.trimmingCharacters(in: .whitespaces)
        return ["v", "mv", "uv", "µv", "μv", "nv"].contains(text.lowercased())
    }
}

extension Signal {
    /// The channel's type: the declared one (BIDS `channels.tsv`) when the source gives one,
    /// else ``ChannelType/inferred(label:unit:transducer:)``.
    public var channelType: ChannelType {
        declared.type
            ?? ChannelType.inferred(label: label, unit: unit, transducer: declared.transducer)
    }
}
