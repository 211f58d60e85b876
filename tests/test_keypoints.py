"""Key points are matched by stems, in Russian and English."""

from seqprep.keypoints import covered, stems


def test_russian_inflections_match():
    points = ["градиенты затухают при спектральном радиусе меньше единицы", "помогает LSTM"]
    answer = "Градиент затухает: спектральный радиус матрицы меньше 1, поэтому..."
    assert covered(answer, points) == [True, False]


def test_english_inflections_match():
    points = ["gradients vanish exponentially", "gradient clipping against explosions"]
    assert covered("The gradient vanishes exponentially with distance", points) == [True, False]
    assert covered("We clip gradients when they explode", points) == [False, True]


def test_mixed_language_answer():
    assert covered("градиенты vanish", ["gradients vanish"]) == [True]
    assert stems("The gradients") == {"gradient"}


def test_empty_answer_covers_nothing():
    assert covered("", ["anything at all"]) == [False]
    assert covered("whatever", ["the of and"]) == [False], "a point made only of stop words never counts"
