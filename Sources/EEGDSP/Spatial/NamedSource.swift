import EEGCore

/// Cortical source locations with a name, for the head model and synthesis.
///
/// Each has approximate MNI305 coordinates (mm) and the same point in MNE's head frame
/// (metres), converted by the MRI→head transform of MNE's `standard_1005` template
/// (`mne.channels.compute_native_head_t`), so it sits consistently under the built-in electrode
/// positions; the conversion is done by `Tests/EEGDSPTests/Fixtures/make_headmodel_fixtures.py`.
/// The default orientation is radial from the sphere-model centre: the net dipole of the
/// cortex on both sides of the midline, whose lateral components cancel, is taken as pointing
/// outwards. Coordinates are region centres, not individual anatomy.
public enum NamedSource: String, Sendable, CaseIterable {
    /// Posteromedial cortex: precuneus / posterior cingulate, MNI (0, −55, 35). The region of
    /// the ~3 Hz rhythm recorded intracranially under ketamine (Vesuna et al. 2020, Nature
    /// 586:87–94, doi:10.1038/s41586-020-2731-9); coordinates as the posterior cingulate /
    /// precuneus node of the default-mode network (Fox et al. 2005, PNAS 102:9673,
    /// doi:10.1073/pnas.0504136102).
    case posteromedial
    /// Frontal midline (dorsal anterior cingulate / medial prefrontal cortex), MNI (0, 35, 25),
    /// the generator region of frontal-midline theta (Ishii et al. 1999, NeuroReport 10:675).
    case frontalMidline = "frontal-midline"
    /// Occipital pole / primary visual cortex, MNI (0, −88, 5).
    case occipital
    /// Left superior temporal gyrus (auditory cortex), MNI (−55, −20, 5).
    case temporal

    /// The MNI305 coordinates in millimetres.
    public var mniMillimetres: (x: Double, y: Double, z: Double) {
        switch self {
        case .posteromedial: return (0, -55, 35)
        case .frontalMidline: return (0, 35, 25)
        case .occipital: return (0, -88, 5)
        case .temporal: return (-55, -20, 5)
        }
    }

    /// The position in MNE's head frame, metres.
    public var position: ElectrodePosition {
        switch self {
        case .posteromedial:
            return ElectrodePosition(x: -0.0019510063303073658, y: -0.021835146411847733,
                                     z: 0.07765553164145825)
        case .frontalMidline:
            return ElectrodePosition(x: -0.0016333581653794063, y: 0.06745361624698672,
                                     z: 0.06257521747461436)
        case .occipital:
            return ElectrodePosition(x: -0.002074279610290916, y: -0.05648076327104534,
                                     z: 0.04957233358955858)
        case .temporal:
            return ElectrodePosition(x: -0.05683240469381193, y: 0.011605363495820722,
                                     z: 0.04572178338751695)
        }
    }

    /// A dipole at this source, oriented radially from `model`'s centre.
    ///
    /// - Parameters:
    ///   - moment: nAm.
    ///   - model: The head model whose centre defines "radial".
    public func dipole(
        moment: NanoampereMetres, in model: SphericalHeadModel
    ) throws -> CurrentDipole {
        try CurrentDipole(
            position: position, orientation: position.subtracting(model.center), moment: moment)
    }
}
